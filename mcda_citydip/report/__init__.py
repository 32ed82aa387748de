"""Rendering of results: the only writer of output (tables, JSON, CSV, Markdown)."""
