"""Schema 0010: the database keeps a link's secret as its SHA-256 digest only (core/ids.py
`secret_digest`), so a copy of the database (a backup, a laptop) gives no working feed or report link.
The links already given keep working: each stored secret is replaced by its digest, and a request's
secret is compared by its digest from now on."""

from __future__ import annotations

import hashlib


def migrate(db) -> None:
    conn = db.conn
    rows = conn.execute("SELECT id, token FROM feed_token").fetchall()
    conn.executemany("UPDATE feed_token SET token = ? WHERE id = ?",
                     [(hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest(), id_) for id_, token in rows])
