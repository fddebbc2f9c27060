"""The domain, in pure Python: no textual, no SQL."""
