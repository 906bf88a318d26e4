"""1EdTech CASE v1.1: the map as a CFPackage (`exporter`), and a published framework read
into the map's files (`reading`, `draft` → `levels`, `roles` → `mapping` → `importer`)."""
