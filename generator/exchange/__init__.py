"""Data in and out: CASE, CSV and JSON exports and the CASE import, needs from
spreadsheets and worksheets, and the scaffolds of new data files.

May import: `generator.analysis`, `generator.rules`, `generator.model`, `generator.files`,
`generator.paths`, `generator.problems`.
"""
