"""Haoren: validate a public-interest story site and render it with mkdocs-material.

The package reads as the pipeline does, one way, and imports only go down this list:

    problems, clock, schema    the foundation: problem records, the build clock, the content shapes,
    cachefile                  the build cache's kept values and use stamps,
    sourcedigests              and digests of the site's files, read once, then known by their status
    reports                    problems as text, GitHub annotations, GitLab Code Quality or JSON
    load/                      bytes -> Documents with lines
    drawing/                   fonts, wrapping, photos, cards, posters, QR codes (a library; no content)
    validate/                  Documents -> Content or problems
    model/                     Content + clock -> the frozen Site (lifecycle decided once)
    render/                    Site -> pages, feeds, media, share metadata
    publish/                   pages and files -> site/, atomically
    preview/                   build.py serve
    edit/                      build.py new and rename: scaffolds, references rewritten in place
    pipeline                   the driver the CLI calls: gather everything, then write
"""
