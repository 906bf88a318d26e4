"""The competency map as spreadsheet tables, both ways: `cmap export xlsx` (and the map's
CSV tables) out, `cmap import model` in.

`tables.py` says what the tables are (a sheet per part of the map, each column tied to the
field of the JSON Schema it holds) and fills them from the model; `workbook.py` writes them
as an Excel workbook. The import reads a workbook or a folder of the CSV tables
(`sources.py`), reads each row's cells as typed values (`cells.py`), puts the rows together
into the documents they describe and checks them against each other and the repository
(`documents.py`), and plans the files to create and the text-preserving changes to the
existing ones (`importer.py`).
"""
