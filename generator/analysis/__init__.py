"""Figures computed from the model: the site's cross-references, career steps, each
training cycle's consolidation, coverage, budget and effect, and what changes in meaning
between two models (`diff/`). Pure functions of the model (and of the day the site is
built for).

May import: `generator.model`, `generator.paths`, `generator.problems`.
"""
