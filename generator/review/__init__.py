"""Reviewing pull requests: CODEOWNERS from the data, the approval gate, what a change means
(the semantic diff), and needs submitted with the issue form.

May import: `generator.exchange`, `generator.analysis`, `generator.rules`, `generator.model`,
`generator.files`, `generator.paths`, `generator.problems`.
"""
