"""Feed tokens: the unguessable part of a subscription URL, created and revoked by users."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from missiontui.core.errors import InvalidInput, NotFound
from missiontui.core.rules import clean_text

_SELECT = """SELECT t.*, m.reference AS mission_ref, p.name AS person_name FROM feed_token t
             LEFT JOIN mission m ON m.id = t.mission_id LEFT JOIN person p ON p.id = t.person_id"""


@dataclass(frozen=True)
class FeedToken:
    id: int
    token: str
    scope: str  # all, mission, person
    mission_ref: str | None
    person_name: str | None
    label: str
    created_at: str
    revoked_at: str | None

    @property
    def target(self) -> str:
        return self.mission_ref or self.person_name or "all"


def _token(row: dict) -> FeedToken:
    return FeedToken(row["id"], row["token"], row["scope"], row["mission_ref"], row["person_name"], row["label"],
                     row["created_at"], row["revoked_at"])


class TokensMixin:
    def add_feed_token(self, *, mission_id: int | None = None, person_id: int | None = None,
                       label: str = "") -> FeedToken:
        if mission_id is not None and person_id is not None:
            raise InvalidInput("a feed follows one mission, one person, or everything; not both")
        scope = "mission" if mission_id is not None else "person" if person_id is not None else "all"
        token = secrets.token_urlsafe(24)  # 192 bits: unguessable, safe in a URL
        with self._write() as now:
            cursor = self.conn.execute(
                "INSERT INTO feed_token(token, scope, mission_id, person_id, label, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (token, scope, mission_id, person_id, clean_text(label, "the label"), now))
            self._log(now, "feed_token", cursor.lastrowid, "create", "scope", None, scope)
        return self.feed_token(token)

    def feed_token(self, token: str) -> FeedToken | None:
        """The live token, or None (unknown or revoked): callers must not tell the two apart."""
        row = self._one(_SELECT + " WHERE t.token = ? AND t.revoked_at IS NULL", (token,))
        return _token(row) if row else None

    def feed_tokens(self, *, include_revoked: bool = False) -> list[FeedToken]:
        where = "" if include_revoked else " WHERE t.revoked_at IS NULL"
        return [_token(r) for r in self._rows(_SELECT + where + " ORDER BY t.id")]

    def revoke_feed_token(self, token_or_id: str) -> FeedToken:
        key = token_or_id.strip()
        row = self._one(_SELECT + " WHERE (t.token = ? OR CAST(t.id AS TEXT) = ?) AND t.revoked_at IS NULL", (key, key))
        if row is None:
            raise NotFound(f"no live feed token '{key}'")
        with self._write() as now:
            self.conn.execute("UPDATE feed_token SET revoked_at = ? WHERE id = ?", (now, row["id"]))
            self._log(now, "feed_token", row["id"], "delete", "scope", row["scope"], None)
        return _token({**row, "revoked_at": now})
