"""`cmap diff`: two revisions loaded and compared (`summary`); the comparison itself is
`generator.analysis.diff`, shared with the site's "What changed" page."""
