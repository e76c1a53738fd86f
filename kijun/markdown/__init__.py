"""Python-Markdown extensions used by Kijun pages."""
