"""`build.py serve`: the site kept in memory, pages rendered on request as the build renders them.

Owns the preview's state (files read again only when changed, the last good model, the problems of
the last save), finding one page by URL, MkDocs page by page, the HTTP server, the banner and reload.
May import: every stage; only the pipeline (the CLI edge) imports it.
"""
