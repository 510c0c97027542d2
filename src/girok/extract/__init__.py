"""Assisted extraction: text in, suggested mentions out, each pinned to a character span."""
