"""Stage 3, model: the frozen Site built once from Content and the clock.

Owns the lifecycle (draft, scheduled, withdrawn, honors not yet due) and every derived index: rolls,
related stories (ranked on demand, model/related.py), stars, campaign stage and progress. Every later stage reads only the Site.
Also owns the ledger of published addresses (content/published.yml), which `check` and `build` compare
with the Site.
May import: haoren.problems, haoren.clock, haoren.schema, haoren.load and haoren.validate (the ledger
reads its file with the loader and addresses with the validator's sections).
"""
