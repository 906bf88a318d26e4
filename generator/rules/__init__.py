"""Validation: each file against its JSON Schema, then the rules that look across files
(each rules module lists its own, `rule_table` lists the modules), over a whole repository
at once (`repository.load_repository`); problems reported in one format per reporter.

May import: `generator.model`, `generator.files`, `generator.paths`, `generator.problems`.
"""
