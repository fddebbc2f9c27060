"""`missiontui agenda`: late items, then day by day over the next weeks, then what is to schedule."""

from __future__ import annotations

import click

from missiontui.frontends.cli.context import AppContext, json_option, pass_app


@click.command("agenda")
@click.option("--days", type=click.IntRange(0, 3660), default=14, show_default=True, help="How many days ahead.")
@click.option("--mine", is_flag=True, help="Only yours.")
@click.option("--owner", metavar="PERSON", help="Only this person's.")
@click.option("-m", "--mission", metavar="REF", help="Only this mission.")
@json_option
@pass_app
def agenda(app: AppContext, days, mine, owner, mission, as_json):
    """What is late, what is due day by day over the next DAYS days (done ones included), and what
    has no date yet: the TUI's first screen, as text."""
    from missiontui.usecases import agenda as usecase

    plan = usecase.agenda(app.ctx, usecase.Scope(days=days, mission=mission, owner=owner, mine=mine))
    items = usecase.deliverables_of(app.ctx, plan)
    if as_json:
        from missiontui.frontends.cli.output import deliverable_json, echo_json

        def listed(ids):
            return [deliverable_json(items[i]) for i in ids if i in items]

        echo_json({"today": plan.today.isoformat(), "until": plan.until.isoformat(), "late": listed(plan.late),
                   "days": [{"date": d.day.isoformat(), "period": d.period, "deliverables": listed(d.ids)}
                            for d in plan.days],
                   "undated": listed(plan.undated)})
        return
    for line in agenda_lines(plan, items, app.language):
        click.echo(line)


def agenda_lines(plan, items, lang: str) -> list[str]:
    from missiontui.core.i18n import KINDS, STATUSES, long_date, short_date, t
    from missiontui.core.textsafe import visible
    from missiontui.frontends.cli.output import owners_text

    def row(d, when: str = "") -> str:
        return (f"  {when}#{d.id:<4} {STATUSES[lang][d.status]:<9}  {visible(d.title)}  "
                f"({d.mission_ref} · {KINDS[lang][d.kind]} · {visible(owners_text(d))})")

    lines = [t("agenda.heading", lang, today=long_date(plan.today, lang), until=long_date(plan.until, lang))]
    if plan.late:
        lines += ["", t("agenda.late", lang, count=len(plan.late))]
        for i in plan.late:
            d = items[i]
            late = t("agenda.days_late", lang, days=-d.days_left(plan.today))
            lines.append(row(d, f"{short_date(d.due.date, lang)}  {late:>10}  "))
    period = None
    for day in plan.days:
        if day.period != period:
            period = day.period
            lines += ["", t(f"agenda.period.{period}", lang)]
        lines.append("  " + long_date(day.day, lang))
        lines += ["  " + row(items[i]) for i in day.ids if i in items]
    if not plan.days:
        lines += ["", t("agenda.nothing_due", lang, until=long_date(plan.until, lang))]
    if plan.undated:
        lines += ["", t("agenda.undated", lang, count=len(plan.undated))]
        lines += [row(items[i]) for i in plan.undated if i in items]
    return lines


COMMANDS = [agenda]
