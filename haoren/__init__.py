"""Haoren: validate a public-interest story site and render it with mkdocs-material."""

__version__ = "0.1.0"
