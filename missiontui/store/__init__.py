"""All SQL lives here. Front ends and use cases talk to `Store`, never to sqlite3."""

from missiontui.store.store import Store

__all__ = ["Store"]
