"""`build.py serve`: the preview server with live reload.

May import: every stage; only the pipeline (the CLI edge) imports it.
"""
