"""Plan: choose and order facts, group them into sentences, place quotes, pick the headline."""

from storygen.plan.planner import DocumentPlan, Message, Paragraph, QuoteView, plan

__all__ = ["DocumentPlan", "Message", "Paragraph", "QuoteView", "plan"]
