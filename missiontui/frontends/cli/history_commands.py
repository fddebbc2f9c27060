"""The history, and undo / redo of your own changes."""

from __future__ import annotations

import click

from missiontui.core.display import local_time, show
from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import ID, LIMIT, AppContext, json_option, pass_app
from missiontui.frontends.cli.output import echo_json, echo_table, headers, history_json
from missiontui.usecases import undo as undoing


def change_rows(records, lang: str = "en") -> list[list[str]]:
    from missiontui.core.display import field_name
    from missiontui.core.i18n import t

    rows = []
    for r in records:
        what = t("out.entity_ref", lang, entity=t(f"out.entity.{r.entity}", lang), id=r.entity_id)
        why = f"  ({r.reason})" if r.reason else ""
        action = t(f"history.{r.kind}_{r.action}", lang)
        if r.action == "create":
            title = r.after.get("title") or r.after.get("name") or r.after.get("reference") or ""
            rows.append([local_time(r.at), r.actor, what, action, "", f"{title}{why}"])
            continue
        for name in r.after:
            rows.append([local_time(r.at), r.actor, what, action, field_name(name, lang),
                         f"{show(name, r.before.get(name), lang)} → {show(name, r.after[name], lang)}{why}"])
    return rows


@click.command("history")
@click.argument("deliverable_id", type=ID, required=False)
@click.option("--limit", type=LIMIT, default=50, show_default=True, help="How many changes, newest first.")
@json_option
@pass_app
def history(app: AppContext, deliverable_id, limit, as_json):
    """Who changed what, when, and why (one deliverable, or everything)."""
    if deliverable_id is not None:
        app.store.deliverable(deliverable_id, include_deleted=True)  # a clear error for a wrong id
    records = app.store.history("deliverable" if deliverable_id is not None else None, deliverable_id, limit=limit)
    if as_json:
        echo_json([row for r in records for row in history_json(r)])
        return
    echo_table(headers(app.language, "when", "who", "what", "action", "field", "change"),
               change_rows(records, app.language))


def _reverted(app: AppContext, result: undoing.Reverted, verb: str, as_json: bool) -> None:
    if as_json:
        echo_json({"target": result.target, "change": result.change_id,
                   "changes": [row for r in result.records for row in history_json(r)]})
        return
    what = "; ".join(sorted({app.t("out.entity_ref", entity=app.t(f"out.entity.{r.entity}"), id=r.entity_id)
                             for r in result.records}))
    click.echo(app.t(verb, change=result.target, what=visible(what)))


@click.command("undo")
@click.option("-r", "--reason", default="")
@json_option
@pass_app
def undo(app: AppContext, reason, as_json):
    """Undo your latest change (repeat to go further back). Refused if someone changed it since."""
    _reverted(app, undoing.undo(app.ctx, reason=reason), "out.undid", as_json)


@click.command("redo")
@click.option("-r", "--reason", default="")
@json_option
@pass_app
def redo(app: AppContext, reason, as_json):
    """Redo what you last undid (a new change clears what could be redone)."""
    _reverted(app, undoing.redo(app.ctx, reason=reason), "out.redid", as_json)


COMMANDS = [history, undo, redo]
