"""1EdTech CASE v1.1: the map as a CFPackage (`exporter`), and a published framework read
into the map's files (`reading` → `levels`, `roles` → `mapping` → `importer`)."""
