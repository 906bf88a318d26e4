"""What a change means, compared object by object between two revisions: `changes` holds the
vocabulary, one module per part of the data compares it, `summary` puts them together."""
