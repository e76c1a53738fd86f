"""Site search: per-language indexes and the vocabulary authors own (measured by kijun_tools.search_eval)."""
