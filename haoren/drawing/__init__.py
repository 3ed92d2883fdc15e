"""Pixels and vectors from plain values: fonts, Chinese line wrapping, photos, share cards, posters, QR codes.

A library below the stages: it knows nothing of content files or the site model, so validation can ask it
(is this glyph in the font, is this photo whole) and rendering can order drawings from it.
May import: haoren.problems, haoren.clock, and itself.
"""
