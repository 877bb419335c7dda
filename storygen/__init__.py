"""storygen: automated news stories from election results."""

__version__ = "0.1.0"
