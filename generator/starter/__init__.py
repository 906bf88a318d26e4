"""A company's own repository: the files `cmap init` writes into a new one (`content`,
`new_repository`), and a copy of cmap's repository used as a template rid of the example
company (`example`).

May import: `generator.review` (CODEOWNERS from the new data), `generator.exchange`,
`generator.analysis`, `generator.rules`, `generator.model`, `generator.files`,
`generator.paths`, `generator.problems`, `generator.distribution`.
"""
