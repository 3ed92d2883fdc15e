"""Stage 1, load: bytes on disk become Documents that know the line of every key.

Owns strict UTF-8 and YAML, our own front matter, and which file is which kind.
May import: haoren.problems only.
"""
