"""Stage 3, model: the frozen Site built once from Content and the clock.

Owns the lifecycle (draft, scheduled, withdrawn, honors not yet due) and every derived index: rolls,
related stories, stars, campaign stage and progress. Every later stage reads only the Site.
May import: haoren.problems, haoren.clock, haoren.schema.
"""
