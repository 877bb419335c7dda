"""An independent auditor of storygen's batch drafts: every claim re-derived from the raw rows.

It imports nothing from storygen (only the standard library and openpyxl), so a mistake the
generator makes cannot also hide in the check.
"""
