"""What a change means, compared object by object between two models: `changes` holds the
vocabulary, one module per part of the data compares it, `compare` puts them together.
Pure functions of two models: `cmap diff` (`generator.review.diff`) loads two revisions
for them, the site's "What changed" page (`generator.site.map_history`) every merge."""
