"""The report's and the digest's words in English and French (registered in the i18n catalogue),
and the few phrases that need a little grammar (plurals, "today")."""

from __future__ import annotations

from datetime import date

from missiontui.core.i18n import KINDS, MONTHS_SHORT, STATUSES, register, t
from missiontui.core.model import Kind, Status
from missiontui.core.report.model import Blocking, DeadlineMove, local_day
from missiontui.core.report.rag import Rag

NB = "\u00a0"  # French puts a non-breaking space before : ; ? ! % and inside « »

register({
    "report.title": ("Status report", "Point d'avancement"),
    "report.as_of": ("as of {date}", "au {date}"),
    "report.signed": ("Letter signed {date} by {signatory}", "Lettre signée le {date} par {signatory}"),
    "report.signed_no_signatory": ("Letter signed {date}", "Lettre signée le {date}"),
    "report.lead": ("Lead: {name}", f"Pilote{NB}: {{name}}"),
    "report.progress": ("Progress", "Avancement"),
    "report.progress_text": ("{done} of {total} done", "{done} sur {total} faits"),
    "report.percent": ("{percent}%", f"{{percent}}{NB}%"),
    "report.progress_note": ("cancelled deliverables are not counted", "les livrables annulés ne sont pas comptés"),
    "report.rag.red": ("Red", "Rouge"),
    "report.rag.amber": ("Amber", "Orange"),
    "report.rag.green": ("Green", "Vert"),
    "report.rag.done": ("Done", "Fait"),
    "report.rag.cancelled": ("Cancelled", "Annulé"),
    "report.rule.title": ("How the colour is decided", "Comment la couleur est décidée"),
    "report.rule.red": ("the deadline has passed and it is not done; or it is blocked with {soon} days or less to go.",
                        f"l'échéance est passée et le livrable n'est pas fait{NB}; ou il est bloqué à {{soon}} jours "
                        "ou moins de l'échéance."),
    "report.rule.amber": ("blocked with more than {soon} days to go; or it waits on a deliverable that is late; or it "
                          "is due within {soon} days and not started (still “planned”).",
                          f"bloqué à plus de {{soon}} jours de l'échéance{NB}; ou il attend un livrable en retard{NB}; "
                          f"ou son échéance tombe dans les {{soon}} jours et il n'est pas commencé (encore «{NB}prévu{NB}»)."),
    "report.rule.green": ("everything else still to do: in progress, or more than {soon} days to go.",
                          f"tout le reste à faire{NB}: en cours, ou à plus de {{soon}} jours de l'échéance."),
    "report.rule.closed": ("Done and cancelled deliverables are not coloured. The first clause that applies wins.",
                           "Les livrables faits ou annulés ne sont pas colorés. La première règle qui s'applique l'emporte."),
    "report.clause.late": ("deadline passed {days} ago", "échéance dépassée de {days}"),
    "report.clause.blocked": ("blocked, {left}", "bloqué, {left}"),
    "report.clause.waits_on_late": ("waits on a late deliverable", "attend un livrable en retard"),
    "report.clause.not_started_soon": ("not started, {left}", "pas commencé, {left}"),
    "report.clause.on_track": ("on track", "dans les temps"),
    "report.clause.done": ("done on {date}", "fait le {date}"),
    "report.clause.done_undated": ("done", "fait"),
    "report.clause.cancelled": ("cancelled", "annulé"),
    "report.left.today": ("due today", "échéance aujourd'hui"),
    "report.left.days": ("due in {days}", "échéance dans {days}"),
    "report.section.timeline": ("Timeline", "Calendrier"),
    "report.section.late": ("Late", "En retard"),
    "report.section.upcoming": ("Due in the next 30 days", "À échéance dans les 30 prochains jours"),
    "report.section.moved": ("Deadlines moved since {date}", "Échéances déplacées depuis le {date}"),
    "report.section.all": ("All deliverables", "Tous les livrables"),
    "report.empty.late": ("Nothing is late.", "Rien n'est en retard."),
    "report.empty.upcoming": ("Nothing is due in the next 30 days.", "Rien n'arrive à échéance dans les 30 prochains jours."),
    "report.empty.moved": ("No deadline has moved since {date}.", "Aucune échéance n'a été déplacée depuis le {date}."),
    "report.col.id": ("#", "n°"),
    "report.col.deliverable": ("Deliverable", "Livrable"),
    "report.col.kind": ("Kind", "Type"),
    "report.col.due": ("Due", "Échéance"),
    "report.col.phrase": ("As written", "Formulation"),
    "report.col.precision": ("Precision", "Précision"),
    "report.col.days_late": ("Days late", "Jours de retard"),
    "report.col.days_left": ("Days left", "Jours restants"),
    "report.col.lead": ("Lead", "Pilote"),
    "report.col.owners": ("Owners", "Responsables"),
    "report.col.status": ("Status", "Statut"),
    "report.col.colour": ("Colour", "Couleur"),
    "report.col.rule": ("Because", "Parce que"),
    "report.col.why": ("Why (from the history)", "Pourquoi (d'après l'historique)"),
    "report.col.baseline": ("Deadline then", "Échéance initiale"),
    "report.col.current": ("Deadline now", "Échéance actuelle"),
    "report.col.shift": ("Shift", "Décalage"),
    "report.col.moves": ("Moves", "Reports"),
    "report.col.reasons": ("Reasons", "Motifs"),
    "report.col.moved_on": ("Moved on", "Déplacé le"),
    "report.col.from": ("From", "De"),
    "report.col.to": ("To", "À"),
    "report.col.by": ("By", "Par"),
    "report.col.completed": ("Done on", "Fait le"),
    "report.why.moved": ("moved from {old} to {new} on {day} by {actor}: {reason}",
                         f"déplacé du {{old}} au {{new}} le {{day}} par {{actor}}{NB}: {{reason}}"),
    "report.why.blocked": ("blocked on {day} by {actor}: {reason}", f"bloqué le {{day}} par {{actor}}{NB}: {{reason}}"),
    "report.why.no_reason": ("no reason given", "sans motif"),
    "report.why.none": ("no reason recorded in the history", "aucun motif dans l'historique"),
    "report.today": ("today", "aujourd'hui"),
    "report.legend": ("◆ deadline, in its colour · ◇ deadline at the start of the period, joined to where it is now · "
                      "light band: the period the letter gives (“in September”) · dashed line: today",
                      f"◆ échéance, dans sa couleur · ◇ échéance en début de période, reliée à l'actuelle · "
                      f"bande claire{NB}: la période donnée par la lettre («{NB}en septembre{NB}») · "
                      f"tirets{NB}: aujourd'hui"),
    "report.timeline.label": ("Timeline of the deliverables of {reference}", "Calendrier des livrables de {reference}"),
    "report.footer": ("Made by missiontui on {date}.", "Produit par missiontui le {date}."),
    "report.sheet.summary": ("Summary", "Synthèse"),
    "report.sheet.deliverables": ("Deliverables", "Livrables"),
    "report.sheet.moves": ("Moves", "Reports"),
    "report.sheet.timeline": ("Timeline", "Calendrier"),
    "report.counts": ("{red} red · {amber} amber · {green} green · {done} done",
                      "{red} rouge · {amber} orange · {green} vert · {done} fait"),
    "report.fact.reference": ("Reference", "Référence"),
    "report.fact.as_of": ("Report date", "Date du point"),
    "report.fact.since": ("Moves counted since", "Reports comptés depuis le"),
    "report.fact.signed": ("Letter signed on", "Lettre signée le"),
    "report.fact.lead": ("Lead", "Pilote"),
    "report.fact.done": ("Done", "Faits"),
    "report.fact.counted": ("Deliverables counted (cancelled ones are not)", "Livrables comptés (hors annulés)"),
    "report.fact.percent": ("Progress (%)", f"Avancement ({NB}%)"),
})


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
