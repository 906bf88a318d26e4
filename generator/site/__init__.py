"""The site: pages generated from the model (templates, views, charts, labels) and the edge
that hands them to MkDocs or Zensical, builds, and replaces the published folder.
Only the `mkdocs_*` and `zensical` modules import MkDocs or Zensical.

May import: `generator.exchange` (the downloads), `generator.analysis`, `generator.rules`,
`generator.model`, `generator.files`, `generator.paths`, `generator.problems`.
"""
