"""Live report links: secret URLs where `missiontui serve` shows a mission's status report as it
stands now. A group of its own beside `report REF`, whose first argument is any mission reference
(a mission may well be called "add" or "list")."""

from __future__ import annotations

import click

from missiontui.core.textsafe import visible
from missiontui.frontends.cli.context import AppContext, json_option, pass_app
from missiontui.frontends.cli.output import echo_json, echo_table, headers


@click.group("report-link")
def report_link():
    """Secret links to a mission's live status report, served by `missiontui serve`: add, list, revoke."""


def _base_url(app: AppContext, base_url: str | None) -> str:
    from missiontui.frontends.cli.calendar_commands import _base_url as feeds_base_url

    return feeds_base_url(app, base_url)


@report_link.command("add")
@click.option("-m", "--mission", metavar="REF", required=True, help="The mission whose report the link shows.")
@click.option("--label", "--name", "label", default="", help="A note for you: who the link was given to.")
@click.option("--base-url", help="How browsers reach `serve` (default: the config's feed_base_url).")
@json_option
@pass_app
def add(app: AppContext, mission, label, base_url, as_json):
    """Create a secret link to the live status report of a mission. The link is shown this once."""
    from missiontui.usecases.report_links import add_report_link, report_url

    link = add_report_link(app.ctx, mission, label)
    url = report_url(_base_url(app, base_url), link)
    if as_json:
        echo_json({"id": link.id, "mission": link.mission_ref, "label": link.label, "created_at": link.created_at,
                   "url": url})
        return
    click.echo(app.t("reportlink.added", id=link.id, mission=visible(link.mission_ref)))
    click.echo(f"  {url}")
    click.echo(app.t("reportlink.shown_once", id=link.id))


@report_link.command("list")
@click.option("--all", "include_revoked", is_flag=True, help="Revoked links too.")
@json_option
@pass_app
def list_(app: AppContext, include_revoked, as_json):
    """Report links, without their secret part."""
    from missiontui.core.display import local_time
    from missiontui.usecases.report_links import report_links

    links = report_links(app.store, include_revoked=include_revoked)
    if as_json:
        echo_json([{"id": link.id, "mission": link.mission_ref, "label": link.label, "created_at": link.created_at,
                    "revoked_at": link.revoked_at} for link in links])
        return
    echo_table(headers(app.language, "id", "mission", "label", "created", "revoked"),
               [[str(link.id), link.mission_ref, link.label, local_time(link.created_at),
                 local_time(link.revoked_at) if link.revoked_at else ""] for link in links])


list_.name = "list"


@report_link.command("revoke")
@click.argument("link_id", metavar="ID")
@pass_app
def revoke(app: AppContext, link_id):
    """Revoke a report link: it answers "not found" from then on."""
    from missiontui.usecases.report_links import revoke_report_link

    link = revoke_report_link(app.ctx, link_id)
    click.echo(app.t("reportlink.revoked", id=link.id, mission=visible(link.mission_ref)))


COMMANDS = [report_link]
