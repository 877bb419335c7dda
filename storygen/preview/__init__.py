"""The editors' preview: a local web page showing each draft beside the facts that made it."""
