"""What the store may raise when the database file itself fails under a read (damaged pages, a lock held
too long, a full disk): front ends name these to say one clear sentence, without knowing SQLite."""

import sqlite3

DatabaseError = sqlite3.DatabaseError  # a damaged or unreadable file
OperationalError = sqlite3.OperationalError  # locked, read-only, full: nothing was changed
