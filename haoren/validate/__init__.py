"""Stage 2, validate: every loaded document becomes frozen Content, or problems with their lines.

Owns every field rule (read from haoren.schema's tables), cross references, personal data, raw HTML,
Markdown cost, files named by content, glyphs, and the remembered clean check.
May import: haoren.problems, haoren.clock, haoren.schema, haoren.load, haoren.drawing.
"""
