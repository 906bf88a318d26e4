"""The validated competency map and its training cycles as immutable objects, and how they
are assembled from documents that passed the schema check.

May import: `generator.files`, `generator.paths`, `generator.problems`.
"""
