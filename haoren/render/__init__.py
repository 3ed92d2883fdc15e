"""Stage 4, render: the Site becomes one GeneratedPage per URL, feeds, media files and share metadata.

Owns our autoescaped templates (theme/haoren/), page kinds (pages/), feeds and sitemap, responsive
images of what pages show, and the share cards and posters the pages name.
May import: the stages above it (load, validate, model), haoren.drawing, and the foundation.
"""
