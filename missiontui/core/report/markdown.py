"""The status report in Markdown (CommonMark tables, as GitHub, GitLab and most wikis show them).

User text is backslash-escaped (escape.markdown_text): a title is never a link, an image or HTML.
The timeline is a picture beside the file, linked when the caller gives its name.
"""

from __future__ import annotations

from missiontui.core.i18n import long_date, t
from missiontui.core.report.escape import markdown_text as md
from missiontui.core.report.model import Row, StatusReport
from missiontui.core.report.rag import SOON_DAYS, Rag
from missiontui.core.report.words import (
    day_text, kind_label, rag_label, rule_lines, rule_text, shift_text, status_label, why_text,
)

SYMBOL = {Rag.RED: "🔴", Rag.AMBER: "🟠", Rag.GREEN: "🟢", Rag.DONE: "✔", Rag.CANCELLED: "✖"}


def render_markdown(report: StatusReport, lang: str, picture: str | None = None) -> str:
    """The report; `picture` is the relative path of the timeline .svg written beside it, if any."""
    m = report.mission
    out = [f"# {md(t('report.title', lang))} · {md(m.reference)}", "", f"**{md(m.title)}**", ""]
    as_of = t("report.as_of", lang, date=long_date(report.today, lang))
    facts = [as_of[:1].upper() + as_of[1:]]
    if m.signed_on:
        facts.append(t("report.signed", lang, date=day_text(m.signed_on, lang), signatory=m.signatory)
                     if m.signatory else t("report.signed_no_signatory", lang, date=day_text(m.signed_on, lang)))
    if m.lead:
        facts.append(t("report.lead", lang, name=m.lead))
    out += [" · ".join(md(f) for f in facts), ""]
    progress = (t("report.progress_text", lang, done=report.done, total=report.counted) + " ("
                + t("report.percent", lang, percent=report.percent_done) + ")")
    out += [f"- **{md(t('report.progress', lang))}**: {md(progress)}; {md(t('report.progress_note', lang))}",
            "- " + " · ".join(f"{SYMBOL[r]} {md(rag_label(r, lang))}: {report.count(r)}"
                              for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.DONE)), ""]
    out += [f"## {md(t('report.rule.title', lang))}", ""]
    out += [f"- {SYMBOL[rag]} **{md(word)}**: {md(sentence)}"
            for rag, (word, sentence) in zip((Rag.RED, Rag.AMBER, Rag.GREEN), rule_lines(lang, SOON_DAYS))]
    out += ["", md(t("report.rule.closed", lang)), ""]

    out += _section(t("report.section.late", lang), report.late, t("report.empty.late", lang),
                    [t("report.col.deliverable", lang), t("report.col.due", lang), t("report.col.days_late", lang),
                     t("report.col.lead", lang), t("report.col.why", lang)],
                    lambda r: [_title(r, lang), day_text(r.deliverable.due.date, lang), str(-r.days_left), _lead(r),
                               why_text(r.why, lang)])
    out += _section(t("report.section.upcoming", lang), report.upcoming, t("report.empty.upcoming", lang),
                    [t("report.col.deliverable", lang), t("report.col.due", lang), t("report.col.days_left", lang),
                     t("report.col.status", lang), t("report.col.colour", lang), t("report.col.lead", lang)],
                    lambda r: [_title(r, lang), day_text(r.deliverable.due.date, lang), str(r.days_left),
                               status_label(r.deliverable.status, lang), _colour(r, lang), _lead(r)])
    if picture:
        out += [f"## {md(t('report.section.timeline', lang))}", "",
                f"![{md(t('report.timeline.label', lang, reference=m.reference))}]({_link(picture)})", "",
                md(t("report.legend", lang)), ""]
    since = day_text(report.since, lang) if report.since.year > 1 else "—"
    out += _section(t("report.section.moved", lang, date=since), report.moved, t("report.empty.moved", lang, date=since),
                    [t("report.col.deliverable", lang), t("report.col.baseline", lang), t("report.col.current", lang),
                     t("report.col.shift", lang), t("report.col.reasons", lang)],
                    lambda r: [_title(r, lang), day_text(r.baseline, lang), day_text(r.deliverable.due.date, lang),
                               shift_text(r.shift_days, lang), " / ".join(why_text(m, lang) for m in r.moves)])
    out += _section(t("report.section.all", lang), list(report.rows), "—",
                    [t("report.col.deliverable", lang), t("report.col.due", lang), t("report.col.status", lang),
                     t("report.col.colour", lang), t("report.col.lead", lang)],
                    lambda r: [_title(r, lang), day_text(r.deliverable.due.date, lang),
                               status_label(r.deliverable.status, lang), _colour(r, lang), _lead(r)])
    if report.undated:
        out += [f"## {md(t('report.section.undated', lang, count=len(report.undated)))}", "",
                f"| {md(t('report.col.deliverable', lang))} | {md(t('report.col.status', lang))} "
                f"| {md(t('report.col.lead', lang))} |", "|---|---|---|"]
        out += [f"| {md(f'#{d.id} {d.title} ({kind_label(d.kind, lang)})')} | {md(status_label(d.status, lang))} "
                f"| {md(d.lead.name) if d.lead else '—'} |" for d in report.undated]
        out += [""]
    out += ["---", md(t("report.footer", lang, date=long_date(report.today, lang))), ""]
    return "\n".join(out)


def _title(row: Row, lang: str) -> str:
    d = row.deliverable
    return f"#{d.id} {d.title} ({kind_label(d.kind, lang)})"


def _lead(row: Row) -> str:
    lead = row.deliverable.lead
    return lead.name if lead else "—"


def _colour(row: Row, lang: str) -> str:
    return f"{rag_label(row.rag, lang)}: {rule_text(row, lang)}"


def _link(path: str) -> str:
    """A relative file name as a link target: angle brackets allow spaces; these characters cannot appear."""
    return "<" + path.replace("<", "%3C").replace(">", "%3E").replace("\n", "") + ">"


def _section(heading: str, rows: list[Row], empty: str, headers: list[str], cells) -> list[str]:
    out = [f"## {md(heading)}", ""]
    if not rows:
        return out + [f"*{md(empty)}*", ""]
    out.append("| " + " | ".join(md(h) for h in headers) + " |")
    out.append("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        values = cells(row)
        out.append("| " + " | ".join(SYMBOL[row.rag] + " " + md(v) if i == 0 else md(v)
                                     for i, v in enumerate(values)) + " |")
    return out + [""]
