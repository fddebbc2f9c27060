"""iCalendar: the writer for exports and feeds, the reader for imports."""
