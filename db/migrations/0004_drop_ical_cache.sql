-- Schema version 4: no calendar text cache. Exports format straight from the rows at about the
-- cost of plain string formatting (BENCHMARKS.md, W3): the cache made the first export slow (it
-- wrote every text) and tripled the database. Its pages go to the free list, reused by later
-- writes; `VACUUM` gives them back to the file system.
DROP TABLE IF EXISTS ical_cache;
