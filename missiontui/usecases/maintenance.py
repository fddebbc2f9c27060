"""Keeping the team's database safe: backup, restore, check.

Each takes the database's path (usecases.database_path), never an open Store: a backup or a check
must not migrate the file it looks at, and a restore must work when the current file cannot be opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from missiontui.core.errors import DatabaseFileError, InvalidInput
from missiontui.core.textsafe import visible
from missiontui.store import maintenance as files
from missiontui.store.connection import Create  # noqa: F401  (front ends name the opening policy from here)
from missiontui.store.maintenance import Restored
from missiontui.store.migrations import SCHEMA_VERSION

MAX_LISTED = 20  # problems of one kind spelt out in full; the rest are counted


def stamp(now: datetime | None = None) -> str:
    """A UTC time for file names: sorts as it reads, the same for colleagues in any time zone."""
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _free(folder: Path, base: str, suffix: str = "") -> Path:
    """folder/base+suffix, or base-2+suffix, base-3+suffix… if that name is taken."""
    candidate, n = folder / f"{base}{suffix}", 2
    while os.path.lexists(candidate):
        candidate, n = folder / f"{base}-{n}{suffix}", n + 1
    return candidate


def default_backup_path(database: Path, now: datetime | None = None) -> Path:
    """missions.db → missions-backup-20220516T101500Z.db, beside the database."""
    return _free(database.parent, f"{database.stem}-backup-{stamp(now)}", database.suffix or ".db")


@dataclass(frozen=True)
class BackedUp:
    database: Path
    backup: Path
    bytes: int
    schema_version: int


def backup(database: Path, target: Path | str | None = None, *, now: datetime | None = None) -> BackedUp:
    """A consistent copy taken while colleagues keep working; `target` is never overwritten."""
    target = Path(target).expanduser() if target else default_backup_path(database, now)
    state = files.backup_database(database, target)
    return BackedUp(database, target, target.stat().st_size, state.version)


def restore(database: Path, source: Path | str, *, now: datetime | None = None) -> Restored:
    """Replace the database by a backup once the backup is known sound; the current database is kept
    as `<name>.before-restore-<UTC time>`. Colleagues who have it open see the restored data as a
    new commit; nothing is half-done."""
    source = Path(source).expanduser()
    if source.exists() and database.exists() and os.path.samefile(source, database):
        raise InvalidInput.of("restore.same_file", file=visible(str(source)))
    when = stamp(now)
    aside = _free(database.parent, f"{database.name}.before-restore-{when}")
    work = database.with_name(f".{database.name}.restoring-{when}-{os.getpid()}")
    return files.restore_database(database, source, aside, work)


@dataclass(frozen=True)
class CheckReport:
    """What `missiontui check` found. `problems` are sentences for people; the other fields are the
    same findings for scripts (--json)."""

    database: Path
    problems: list[str]
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong (an older schema)
    file_problem: str | None = None  # a DatabaseFileError's `problem` when the file could not be opened
    schema: dict = field(default_factory=dict)
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[dict] = field(default_factory=list)
    orphans: list[dict] = field(default_factory=list)
    search_index: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(database: Path) -> CheckReport:
    """integrity_check, foreign_key_check, schema version, rows pointing nowhere, and the search
    index against the table. Reads only."""
    try:
        found = files.check_database(database)
    except DatabaseFileError as exc:
        return CheckReport(database, [str(exc)], file_problem=exc.problem)
    state = found.schema
    schema = {"status": state.status, "version": state.version, "current": SCHEMA_VERSION,
              "newer": state.newer}
    shown = visible(str(database))
    problems: list[str] = []
    notes: list[str] = []
    if state.status == "foreign":
        problems.append(f"{shown} is not a missiontui database (tables: {visible(', '.join(state.tables[:5]))})")
    elif state.status == "newer":
        problems.append(f"{shown} was written by a newer missiontui (schema {visible(', '.join(state.newer))}); "
                        "upgrade missiontui to check it")
    elif state.status == "blank":
        problems.append(f"{shown} holds no missiontui tables (an empty SQLite database)")
    elif state.status == "older":
        notes.append(f"schema {state.version} of {SCHEMA_VERSION}: missiontui upgrades it the next time it opens it")
    if found.integrity:
        more = len(found.integrity) - 1
        problems.append("SQLite's integrity check failed: " + visible(found.integrity[0])
                        + (f" (and {more} more message{'s' if more > 1 else ''})" if more else "")
                        + "; restore a backup (missiontui restore FILE)")
    problems += _listed([f"{visible(o.table)} row {visible(o.row)}: {visible(o.column)} {o.value} points to no "
                         f"{visible(o.points_to)}" for o in found.orphans], "row points nowhere")
    words = {"missing": "is missing from the search index", "stale": "is in the search index but not in the table",
             "different": "is indexed with other words than it holds"}
    problems += _listed([f"{visible(m.table)} {m.row_id} {words[m.problem]}" for m in found.search_index],
                        "search index entry is out of step")
    what = {"integrity": "SQLite's integrity check could not run", "foreign_keys": "the foreign keys cannot be checked",
            "orphans": "rows pointing nowhere cannot be looked for", "search_index": "the search index cannot be read"}
    for name, error in found.unreadable.items():
        problems.append(f"{what[name]} ({visible(error)}); restore a backup (missiontui restore FILE)")
    return CheckReport(
        database, problems, notes, None, schema, found.integrity,
        [{"table": t, "rowid": r, "parent": p, "fkid": k} for t, r, p, k in found.foreign_keys],
        [{"table": o.table, "row": o.row, "column": o.column, "points_to": o.points_to, "value": o.value}
         for o in found.orphans],
        [{"table": m.table, "id": m.row_id, "problem": m.problem} for m in found.search_index])


def _listed(sentences: list[str], kind: str) -> list[str]:
    if len(sentences) <= MAX_LISTED:
        return sentences
    rest = len(sentences) - MAX_LISTED
    return sentences[:MAX_LISTED] + [f"and {rest} more: {kind}"]
