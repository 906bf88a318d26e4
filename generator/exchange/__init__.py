"""Data in and out: CASE, CSV, JSON and XLSX exports, the CASE import, the map from a
workbook or its CSV tables (`sheets/`), needs from spreadsheets and worksheets, and the
scaffolds of new data files.

May import: `generator.analysis`, `generator.rules`, `generator.model`, `generator.files`,
`generator.paths`, `generator.problems`.
"""
