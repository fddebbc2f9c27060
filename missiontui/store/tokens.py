"""Feed tokens: the unguessable part of a subscription URL, created and revoked by users."""

from __future__ import annotations

from missiontui.core.frozen import Frozen, _set

_SELECT = """SELECT t.*, m.reference AS mission_ref, p.name AS person_name FROM feed_token t
             LEFT JOIN mission m ON m.id = t.mission_id LEFT JOIN person p ON p.id = t.person_id"""


class FeedToken(Frozen):
    __slots__ = ("id", "token", "scope", "mission_ref", "person_name", "label", "created_at", "revoked_at")
    id: int
    token: str
    scope: str  # all, mission, person
    mission_ref: str | None
    person_name: str | None
    label: str
    created_at: str
    revoked_at: str | None

    def __init__(self, id: int, token: str, scope: str, mission_ref: str | None, person_name: str | None, label: str,
                 created_at: str, revoked_at: str | None):
        for name, value in zip(self.__slots__, (id, token, scope, mission_ref, person_name, label, created_at,
                                                revoked_at)):
            _set(self, name, value)

    @property
    def target(self) -> str:
        return self.mission_ref or self.person_name or "all"


def _token(row: dict) -> FeedToken:
    return FeedToken(row["id"], row["token"], row["scope"], row["mission_ref"], row["person_name"], row["label"],
                     row["created_at"], row["revoked_at"])


class TokensMixin:
    def feed_token(self, token: str) -> FeedToken | None:
        """The live token, or None (unknown or revoked): callers must not tell the two apart."""
        row = self._one(_SELECT + " WHERE t.token = ? AND t.revoked_at IS NULL", (token,))
        return _token(row) if row else None

    def feed_token_by_id(self, token_or_id: str) -> FeedToken | None:
        """A live token named by its secret or its number."""
        key = token_or_id.strip()
        row = self._one(_SELECT + " WHERE (t.token = ? OR CAST(t.id AS TEXT) = ?) AND t.revoked_at IS NULL", (key, key))
        return _token(row) if row else None

    def feed_tokens(self, *, include_revoked: bool = False) -> list[FeedToken]:
        where = "" if include_revoked else " WHERE t.revoked_at IS NULL"
        return [_token(r) for r in self._rows(_SELECT + where + " ORDER BY t.id")]
