"""Keeping the database safe: backup, restore, check."""

from __future__ import annotations

from pathlib import Path

import click

from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, json_option, pass_app
from missiontui.frontends.cli.output import echo_json
from missiontui.frontends.cli.words import say


def _database(app: AppContext) -> Path:
    from missiontui.usecases.context import database_path

    return database_path(app.db_path, app.config)


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return ""  # pragma: no cover


@click.command("backup")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_app
def backup(app: AppContext, file: Path | None, as_json: bool):
    """Copy the database safely while colleagues work (SQLite's online backup).

    FILE defaults to NAME-backup-UTCTIME.db beside the database; an existing file is never
    overwritten. The copy is private (mode 0600) and self-contained (no -wal file to carry along).
    """
    from missiontui.usecases import maintenance

    done = maintenance.backup(_database(app), file)
    if as_json:
        echo_json({"database": str(done.database), "backup": str(done.backup), "bytes": done.bytes,
                   "schema_version": done.schema_version})
    else:
        click.echo(app.t("out.backed_up", database=visible(str(done.database)), backup=visible(str(done.backup)),
                         size=_size(done.bytes)))


@click.command("restore")
@click.argument("target", metavar="ID|FILE")
@json_option
@click.pass_context
def restore(ctx: click.Context, target: str, as_json: bool):
    """Bring back a deleted deliverable (ID), or the whole database from a backup (FILE).

    A FILE (anything that is not a whole number: write ./2024 for a file named 2024) is checked
    first: a sound missiontui database this version can open. The current database is kept as
    NAME.before-restore-UTCTIME; colleagues who have it open see the restored data as one change.
    """
    if target.isdigit():
        from missiontui.frontends.cli.deliverable_commands import restore as restore_deliverable

        if int(target) > 2**63 - 1:  # beyond SQLite's integers: no deliverable has it
            raise click.BadParameter(say("error.no_deliverable", id=target), param_hint="ID")

        return ctx.invoke(restore_deliverable, deliverable_id=int(target), as_json=as_json)
    from missiontui.usecases import maintenance

    app = ctx.find_object(AppContext)
    done = maintenance.restore(_database(app), target)
    if as_json:
        echo_json({"database": str(done.database), "source": str(done.source),
                   "kept_aside": str(done.kept_aside) if done.kept_aside else None, "in_place": done.in_place,
                   "missions": done.missions, "deliverables": done.deliverables})
        return
    click.echo(app.t("out.restored_database", database=visible(str(done.database)), source=visible(str(done.source)),
                     missions=done.missions, deliverables=done.deliverables))
    if done.kept_aside:
        click.echo(app.t("out.kept_aside", path=visible(str(done.kept_aside))))


@click.command("check")
@json_option
@pass_app
def check(app: AppContext, as_json: bool):
    """Check the database: SQLite's integrity and foreign keys, the schema version, rows pointing
    nowhere, the search index against the table. Reads only; exit 1 if something is wrong."""
    from missiontui.usecases import maintenance

    report = maintenance.check(_database(app))
    if as_json:
        echo_json({"database": str(report.database), "ok": report.ok, "problems": report.problems,
                   "notes": report.notes, "file_problem": report.file_problem, "schema": report.schema,
                   "integrity": report.integrity, "foreign_keys": report.foreign_keys,
                   "orphans": report.orphans, "search_index": report.search_index})
    else:
        click.echo(app.t("out.checked", database=visible(str(report.database))))
        for note in report.notes:
            click.echo("  " + app.t("out.note", note=visible(note)))
        for problem in report.problems:
            click.echo("  " + app.t("out.problem", problem=visible(problem)))
        count = len(report.problems)
        click.echo(app.t("out.all_well") if report.ok else
                   app.t("out.problem_found" if count == 1 else "out.problems_found", count=count))
    if not report.ok:
        raise click.exceptions.Exit(1)


COMMANDS = [backup, restore, check]
