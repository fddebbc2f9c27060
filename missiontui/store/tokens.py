"""Tokens: the unguessable part of a secret URL, created and revoked by users. A token's kind says
what its URL serves: a calendar feed (/feeds/…) or a mission's live status report (/reports/…); a
token of one kind never opens the other. The database keeps each secret's digest only (core/ids.py):
a token read back has no secret (`token` is ""); the use case that makes one hands it out once."""

from __future__ import annotations

from missiontui.core.frozen import Frozen, _set
from missiontui.core.ids import secret_digest

_SELECT = """SELECT t.*, m.reference AS mission_ref, m.deleted_at IS NOT NULL AS mission_deleted,
             p.name AS person_name FROM feed_token t
             LEFT JOIN mission m ON m.id = t.mission_id LEFT JOIN person p ON p.id = t.person_id"""


class FeedToken(Frozen):
    __slots__ = ("id", "token", "kind", "scope", "mission_ref", "person_name", "label", "created_at", "revoked_at",
                 "mission_deleted")
    id: int
    token: str  # the secret: only on the token just made, "" when read back
    kind: str  # feed, report
    scope: str  # all, mission, person
    mission_ref: str | None
    person_name: str | None
    label: str
    created_at: str
    revoked_at: str | None
    mission_deleted: bool  # its mission was deleted since: a report link then shows nothing

    def __init__(self, id: int, token: str, kind: str, scope: str, mission_ref: str | None, person_name: str | None,
                 label: str, created_at: str, revoked_at: str | None, mission_deleted: bool = False):
        for name, value in zip(self.__slots__, (id, token, kind, scope, mission_ref, person_name, label, created_at,
                                                revoked_at, mission_deleted)):
            _set(self, name, value)

    @property
    def target(self) -> str:
        return self.mission_ref or self.person_name or "all"


def _token(row: dict) -> FeedToken:
    return FeedToken(row["id"], "", row["kind"], row["scope"], row["mission_ref"], row["person_name"],
                     row["label"], row["created_at"], row["revoked_at"], bool(row["mission_deleted"]))


class TokensMixin:
    def feed_token(self, token: str, kind: str = "feed") -> FeedToken | None:
        """The live token of this kind, or None (unknown, revoked or of the other kind): callers must
        not tell these apart."""
        row = self._one(_SELECT + " WHERE t.token = ? AND t.kind = ? AND t.revoked_at IS NULL",
                        (secret_digest(token), kind))
        return _token(row) if row else None

    def feed_token_by_id(self, token_or_id: str, kind: str = "feed") -> FeedToken | None:
        """A live token of this kind named by its secret or its number."""
        key = token_or_id.strip()
        row = self._one(_SELECT + " WHERE (t.token = ? OR CAST(t.id AS TEXT) = ?) AND t.kind = ?"
                                  " AND t.revoked_at IS NULL", (secret_digest(key), key, kind))
        return _token(row) if row else None

    def feed_tokens(self, *, include_revoked: bool = False, kind: str | None = "feed") -> list[FeedToken]:
        """Tokens of one kind (None: every kind), oldest first."""
        conditions = ([] if include_revoked else ["t.revoked_at IS NULL"]) + (["t.kind = ?"] if kind else [])
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        return [_token(r) for r in self._rows(_SELECT + where + " ORDER BY t.id", (kind,) if kind else ())]
