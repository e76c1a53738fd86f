"""Site search: per-language indexes, the vocabulary authors own, and the evaluation that measures both."""
