"""1EdTech CASE v1.1: the map as a CFPackage (`exporter`), and a published framework read
into the map's files: `package` (the file) → `tree`, `ladders`, `levels`, `names`, `origin`,
`roles` → `mapping` (the documents, with `findings`) → `importer` (new files) and `update`
(`--update`: changes in place, by `rewrite`) → `writing`."""
