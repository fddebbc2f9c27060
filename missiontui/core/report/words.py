"""The report's and the digest's words in English and French (registered in the i18n catalogue),
and the few phrases that need a little grammar (plurals, "today")."""

from __future__ import annotations

from datetime import date

from missiontui.core.i18n import KINDS, MONTHS_SHORT, STATUSES, t
from missiontui.core.model import Kind, Status
from missiontui.core.report.model import Blocking, DeadlineMove, local_day
from missiontui.core.report.rag import Rag

NB = "\u00a0"  # French puts a non-breaking space before : ; ? ! % and inside « »


def days(n: int, lang: str) -> str:
    n = abs(n)
    if lang == "fr":
        return f"{n}{NB}jour" + ("s" if n > 1 else "")
    return f"{n} day" + ("s" if n != 1 else "")


def day_text(day: date | None, lang: str) -> str:
    """"30 Jun 2022" / "30 juin 2022": short enough for a table cell, impossible to misread."""
    if day is None:
        return "—"
    lang = lang if lang in MONTHS_SHORT else "en"
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number}{NB}{MONTHS_SHORT[lang][day.month - 1]}{NB}{day.year}"


def rag_label(rag: Rag, lang: str) -> str:
    return t(f"report.rag.{rag.value}", lang)


def status_label(status: Status, lang: str) -> str:
    return STATUSES.get(lang, STATUSES["en"])[status]


def kind_label(kind: Kind, lang: str) -> str:
    return KINDS.get(lang, KINDS["en"])[kind]


def left_text(days_left: int, lang: str) -> str:
    return t("report.left.today", lang) if days_left == 0 else t("report.left.days", lang, days=days(days_left, lang))


def rule_lines(lang: str, soon: int) -> list[tuple[str, str]]:
    """The rule as the report states it: (colour word, sentence)."""
    return [(rag_label(Rag.RED, lang), t("report.rule.red", lang, soon=soon)),
            (rag_label(Rag.AMBER, lang), t("report.rule.amber", lang, soon=soon)),
            (rag_label(Rag.GREEN, lang), t("report.rule.green", lang, soon=soon))]


def rule_text(row, lang: str) -> str:
    """Why this row has its colour, in the words of the rule."""
    clause = row.rule
    if clause == "late":
        return t("report.clause.late", lang, days=days(row.days_left, lang))
    if clause in ("blocked", "blocked_soon"):
        text = t("report.clause.blocked", lang, left=left_text(row.days_left, lang))
        reason = row.why.reason if isinstance(row.why, Blocking) else ""
        return f"{text} ({reason})" if reason else text
    if clause == "not_started_soon":
        return t("report.clause.not_started_soon", lang, left=left_text(row.days_left, lang))
    if clause == "done":
        done_on = row.deliverable.completed_on
        return t("report.clause.done", lang, date=day_text(done_on, lang)) if done_on else t("report.clause.done_undated", lang)
    return t(f"report.clause.{clause}", lang)


def why_text(event, lang: str, dates=day_text) -> str:
    """The latest move or blocking of a deliverable, as a sentence (the reason is the user's own words).
    `dates` writes the days (the tables give ISO dates)."""
    if event is None:
        return t("report.why.none", lang)
    reason = event.reason or t("report.why.no_reason", lang)
    day = dates(local_day(event.at), lang)
    if isinstance(event, DeadlineMove):
        return t("report.why.moved", lang, old=dates(event.old, lang), new=dates(event.new, lang), day=day,
                 actor=event.actor, reason=reason)
    return t("report.why.blocked", lang, day=day, actor=event.actor, reason=reason)


def shift_text(shift: int | None, lang: str) -> str:
    if shift is None:
        return "—"
    return ("+" if shift > 0 else "−" if shift < 0 else "±") + days(shift, lang)
