"""The work of each `cmap` command, one module per family of commands: what it loads, what
it writes, what it prints and the exit code it returns. `generator.cli` parses the
arguments and hands them to one of these functions.

Each command imports what it needs when it runs, so that `cmap validate` never loads
MkDocs and `cmap --help` loads nothing heavy.

May import everything below it: `generator.starter`, `generator.site`, `generator.review`,
`generator.exchange`, `generator.analysis`, `generator.rules`, `generator.model`,
`generator.files`, `generator.paths`, `generator.problems`, `generator.progress`,
`generator.distribution`. `commands/progress.py` shows the phases of long work on
standard error.
"""
