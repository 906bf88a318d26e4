"""Reading and writing the repository's files: YAML documents, CSV tables and workbooks
people save, git revisions and history, text-preserving YAML edits, writes that never
follow a link, and a company's copies of the JSON Schemas.

May import: `generator.paths`, `generator.problems`, `generator.distribution`.
"""
