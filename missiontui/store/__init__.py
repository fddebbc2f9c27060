"""All SQL lives here. Front ends and use cases talk to `Store`, never to sqlite3.

`Store` is looked up on first use (PEP 562): importing a part of the store (the connection, its
`Create` modes) does not build the whole store, so a command that never opens a database, such as
`--help`, does not pay for it."""

__all__ = ["Store"]


def __getattr__(name: str):
    if name == "Store":
        from missiontui.store.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
