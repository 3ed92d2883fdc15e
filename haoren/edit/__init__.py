"""Editing tools: commands that write editors' files for them (`build.py new`, `build.py rename`).

Owns scaffolds generated from haoren.schema's rule tables, and renames that edit every reference in
place (exact spans of the loaded YAML, comments and layout kept) and add the redirect an old URL needs.
May import: every stage up to publish, and the foundation; only build.py imports it.
"""
