"""Reading and writing the repository's files: YAML documents, CSV tables and workbooks
people save, git revisions and history, text-preserving YAML edits, and writes that never
follow a link.

May import: `generator.paths`, `generator.problems`.
"""
