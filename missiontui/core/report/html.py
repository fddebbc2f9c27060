"""The status report as one self-contained HTML page: no external CSS, script, font or image.

It prints on A4 (print CSS: no cut rows, colours kept) and reads on a phone (tables become cards
under 640 px). A Content-Security-Policy forbids scripts and remote loads, so even a mistake in
escaping could not run anything; every user text goes through `html_text` anyway.

`iter_html` yields the page in pieces (for an HTTP response); `render_html` joins them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from missiontui.core.i18n import long_date, t
from missiontui.core.report.escape import html_text
from missiontui.core.model import Deliverable
from missiontui.core.report.model import Row, StatusReport
from missiontui.core.report.rag import SOON_DAYS, Rag
from missiontui.core.report.timeline import timeline_pictures
from missiontui.core.report.words import (
    day_text, kind_label, rag_label, rule_lines, rule_text, shift_text, status_label, why_text,
)

CSS = """
:root{--red:#c62828;--amber:#e08a00;--green:#2e7d32;--done:#8a8a8a;--ink:#1d2430;--muted:#5b6472;--line:#d5d9e0}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:980px;padding:24px 20px;color:var(--ink);background:#fff;overflow-wrap:break-word;
 font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",Arial,sans-serif}
h1{font-size:1.5rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
p{margin:.3rem 0}
.kicker{color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em;font-size:.8rem}
.meta{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(100px,1fr));gap:10px;margin:1.2rem 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;border-top:5px solid var(--line)}
.card b{display:block;font-size:1.6rem;line-height:1.2}
.card.progress{grid-column:span 2}
.card.red{border-top-color:var(--red)}.card.amber{border-top-color:var(--amber)}
.card.green{border-top-color:var(--green)}.card.done{border-top-color:var(--done)}
.bar{height:10px;background:#e7eaef;border-radius:5px;overflow:hidden;margin-top:6px}
.bar span{display:block;height:100%;background:var(--green)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:.85em;white-space:nowrap;
 border:1px solid transparent}
.badge.red{background:var(--red);color:#fff}.badge.amber{background:var(--amber);color:#1d2430}
.badge.green{background:var(--green);color:#fff}.badge.done{background:var(--done);color:#fff}
.badge.cancelled{background:#fff;color:var(--muted);border-color:var(--muted)}
.rule{border:1px solid var(--line);border-radius:8px;padding:8px 14px;font-size:.92rem;background:#fafbfc}
.rule ul{margin:.3rem 0;padding-left:1.1rem}.rule li{margin:.2rem 0}
table{width:100%;border-collapse:collapse;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:#f3f5f8;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.date{white-space:nowrap}
td.text,h1,.meta{overflow-wrap:anywhere}
.small{display:block;color:var(--muted);font-size:.85em}
.empty{color:var(--muted);font-style:italic}
svg.timeline{display:block;width:100%;height:auto;margin:0 0 6px}
.pan{overflow-x:auto}
.legend{color:var(--muted);font-size:.85rem}
footer{margin-top:2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.5rem}
@media (max-width:640px){
 body{padding:14px 12px}
 .card.progress{grid-column:1/-1}
 .pan svg.timeline{min-width:600px}
 table.stack thead{display:none}
 table.stack tr{display:block;border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:4px 0}
 table.stack td{display:block;border:0;padding:3px 10px;text-align:left;white-space:normal}
 table.stack td::before{content:attr(data-label) " · ";color:var(--muted);font-size:.85em}
}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 h2{break-after:avoid}
 tr,.card,.rule,svg.timeline{break-inside:avoid}
 thead{display:table-header-group}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(report: StatusReport, lang: str) -> str:
    return "".join(iter_html(report, lang))


def iter_html(report: StatusReport, lang: str) -> Iterator[str]:
    """The page in pieces of a section or so: for streaming it to a socket."""
    m = report.mission
    title = f"{t('report.title', lang)} · {m.reference}"
    yield (f'<!DOCTYPE html>\n<html lang="{"fr" if lang == "fr" else "en"}"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
           f'<meta name="generator" content="missiontui"><title>{html_text(title)}</title>'
           f"<style>{CSS}</style></head><body>\n")
    yield _header(report, lang)
    yield _cards(report, lang)
    yield _rule(lang)
    yield from _late(report, lang)
    yield from _upcoming(report, lang)
    yield f'<section id="timeline"><h2>{html_text(t("report.section.timeline", lang))}</h2>\n'
    yield from (f'<div class="pan">{svg}</div>\n' for svg in timeline_pictures(report, lang))
    yield f'<p class="legend">{html_text(t("report.legend", lang))}</p></section>\n'
    yield from _moved(report, lang)
    yield from _all(report, lang)
    yield from _undated(report, lang)
    yield (f"<footer>{html_text(t('report.footer', lang, date=long_date(report.today, lang)))}</footer>\n"
           "</body></html>\n")


def _header(report: StatusReport, lang: str) -> str:
    m = report.mission
    facts = [m.reference]
    if m.signed_on:
        facts.append(t("report.signed", lang, date=day_text(m.signed_on, lang), signatory=m.signatory)
                     if m.signatory else t("report.signed_no_signatory", lang, date=day_text(m.signed_on, lang)))
    if m.lead:
        facts.append(t("report.lead", lang, name=m.lead))
    kicker = f"{t('report.title', lang)} · {t('report.as_of', lang, date=long_date(report.today, lang))}"
    return (f'<header><p class="kicker">{html_text(kicker)}</p><h1>{html_text(m.title)}</h1>'
            f'<p class="meta">{" · ".join(html_text(f) for f in facts)}</p></header>\n')


def _cards(report: StatusReport, lang: str) -> str:
    progress = t("report.progress_text", lang, done=report.done, total=report.counted, percent=report.percent_done)
    cards = [f'<div class="card progress"><span>{html_text(t("report.progress", lang))}</span>'
             f'<b>{html_text(t("report.percent", lang, percent=report.percent_done))}</b>{html_text(progress)}'
             f'<div class="bar" role="presentation"><span style="width:{report.percent_done}%"></span></div>'
             f'<span class="small">{html_text(t("report.progress_note", lang))}</span></div>']
    for rag in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.DONE):
        cards.append(f'<div class="card {rag.value}"><span>{html_text(rag_label(rag, lang))}</span>'
                     f'<b>{report.count(rag)}</b></div>')
    return f'<section class="cards">{"".join(cards)}</section>\n'


def _rule(lang: str) -> str:
    items = "".join(f'<li><span class="badge {rag.value}">{html_text(word)}</span> {html_text(sentence)}</li>'
                    for rag, (word, sentence) in zip((Rag.RED, Rag.AMBER, Rag.GREEN), rule_lines(lang, SOON_DAYS)))
    return (f'<section class="rule"><strong>{html_text(t("report.rule.title", lang))}</strong><ul>{items}</ul>'
            f'<p>{html_text(t("report.rule.closed", lang))}</p></section>\n')


def _badge(row: Row, lang: str) -> str:
    return f'<span class="badge {row.rag.value}">{html_text(rag_label(row.rag, lang))}</span>'


def _deliverable(row: Row | Deliverable, lang: str) -> str:
    d = row.deliverable if isinstance(row, Row) else row
    owners = ", ".join(o.name for o in d.owners)
    return (f'{html_text(d.title)}<span class="small">#{d.id} · {html_text(kind_label(d.kind, lang))}'
            + (f" · {html_text(owners)}" if owners else "") + "</span>")


def _lead(row: Row) -> str:
    lead = row.deliverable.lead
    return html_text(lead.name) if lead else "—"


def _table(headers: list[tuple[str, str]], rows: Iterable[list[str]]) -> Iterator[str]:
    """A table whose cells are already escaped; on a phone each row becomes a card labelled by its headers.
    A header is (text, css class)."""
    classes = [f' class="{cls}"' if cls else "" for _, cls in headers]
    labels = [html_text(text) for text, _ in headers]
    yield ('<table class="stack"><thead><tr>'
           + "".join(f"<th{c}>{label}</th>" for c, label in zip(classes, labels)) + "</tr></thead><tbody>\n")
    for cells in rows:
        yield ("<tr>" + "".join(f'<td data-label="{label}"{c}>{cell}</td>'
                                for label, c, cell in zip(labels, classes, cells)) + "</tr>\n")
    yield "</tbody></table>\n"


def _section(section_id: str, heading: str, rows: list[Row], empty: str, headers, cells) -> Iterator[str]:
    yield f'<section id="{section_id}"><h2>{html_text(heading)}</h2>\n'
    if rows:
        yield from _table(headers, (cells(r) for r in rows))
    else:
        yield f'<p class="empty">{html_text(empty)}</p>\n'
    yield "</section>\n"


def _late(report: StatusReport, lang: str) -> Iterator[str]:
    headers = [(t("report.col.deliverable", lang), "text"), (t("report.col.due", lang), "date"),
               (t("report.col.days_late", lang), "num"), (t("report.col.lead", lang), ""),
               (t("report.col.why", lang), "text")]
    yield from _section("late", t("report.section.late", lang), report.late, t("report.empty.late", lang), headers,
                        lambda r: [_deliverable(r, lang), day_text(r.deliverable.due.date, lang), str(-r.days_left),
                                   _lead(r), html_text(why_text(r.why, lang))])


def _upcoming(report: StatusReport, lang: str) -> Iterator[str]:
    headers = [(t("report.col.deliverable", lang), "text"), (t("report.col.due", lang), "date"),
               (t("report.col.days_left", lang), "num"), (t("report.col.status", lang), ""),
               (t("report.col.colour", lang), ""), (t("report.col.lead", lang), "")]
    yield from _section("upcoming", t("report.section.upcoming", lang), report.upcoming,
                        t("report.empty.upcoming", lang), headers,
                        lambda r: [_deliverable(r, lang), day_text(r.deliverable.due.date, lang), str(r.days_left),
                                   html_text(status_label(r.deliverable.status, lang)),
                                   f'{_badge(r, lang)}<span class="small">{html_text(rule_text(r, lang))}</span>',
                                   _lead(r)])


def _moved(report: StatusReport, lang: str) -> Iterator[str]:
    since = day_text(report.since, lang) if report.since.year > 1 else "—"
    headers = [(t("report.col.deliverable", lang), "text"), (t("report.col.baseline", lang), "date"),
               (t("report.col.current", lang), "date"), (t("report.col.shift", lang), "num"),
               (t("report.col.reasons", lang), "text")]
    yield from _section("moved", t("report.section.moved", lang, date=since), report.moved,
                        t("report.empty.moved", lang, date=since), headers,
                        lambda r: [_deliverable(r, lang), day_text(r.baseline, lang),
                                   day_text(r.deliverable.due.date, lang), html_text(shift_text(r.shift_days, lang)),
                                   "<br>".join(html_text(why_text(m, lang)) for m in r.moves)])


def _all(report: StatusReport, lang: str) -> Iterator[str]:
    headers = [(t("report.col.deliverable", lang), "text"), (t("report.col.due", lang), "date"),
               (t("report.col.status", lang), ""), (t("report.col.colour", lang), ""),
               (t("report.col.lead", lang), "")]
    yield from _section("all", t("report.section.all", lang), list(report.rows), "—", headers,
                        lambda r: [_deliverable(r, lang),
                                   day_text(r.deliverable.due.date, lang)
                                   + (f'<span class="small">{html_text(r.deliverable.due.phrase)}</span>'
                                      if r.deliverable.due.phrase else ""),
                                   html_text(status_label(r.deliverable.status, lang)),
                                   f'{_badge(r, lang)}<span class="small">{html_text(rule_text(r, lang))}</span>',
                                   _lead(r)])




def _undated(report: StatusReport, lang: str) -> Iterator[str]:
    """Deliverables with no date yet: no colour nor place on the timeline, but not forgotten."""
    if not report.undated:
        return
    headers = [(t("report.col.deliverable", lang), "text"), (t("report.col.status", lang), ""),
               (t("report.col.lead", lang), "")]
    yield f'<section id="undated"><h2>{html_text(t("report.section.undated", lang, count=len(report.undated)))}</h2>\n'
    yield from _table(headers, ([_deliverable(d, lang), html_text(status_label(d.status, lang)),
                                 html_text(d.lead.name) if d.lead else "—"] for d in report.undated))
    yield "</section>\n"
