"""Stage 5, publish: finished pages and files become site/, swapped in atomically.

Owns staging for MkDocs and its theme overrides, the atomic swap (and the replaced tree kept to build the
next one in), redirect pages, the search index (made in a thread beside the pages), and the guard that
no published URL is lost.
May import: every stage above it and the foundation; nothing imports it but the pipeline and preview.
"""
