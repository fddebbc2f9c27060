"""The command palette (Ctrl+P): jump to a mission or a deliverable by name, and every app action.

Textual's `Matcher.highlight` parses its candidate as markup, so hits are highlighted here from a
plain `Content`: a title like `[@click=app.quit]x` is shown, never run.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Provider
from textual.content import Content

from missiontui.core.i18n import short_date, t
from missiontui.core.model import DeliverableFilter
from missiontui.core.textsafe import visible

MAX_DELIVERABLE_HITS = 20


def highlight(matcher, text: str) -> Content:
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class MissionCommands(Provider):
    def _actions(self):
        app = self.app
        lang = app.language
        other = "English" if lang == "fr" else "français"
        return [
            (t("palette.agenda", lang), app.open_agenda),
            (t("palette.missions", lang), app.open_missions),
            (t("palette.month", lang), app.open_month),
            (t("palette.all", lang), partial(app.open_mission, None)),
            (t("palette.letter", lang), app.open_letter),
            (t("palette.people", lang), app.open_people),
            (t("palette.export", lang), app.open_export),
            (t("palette.feeds", lang), app.open_feeds),
            (t("palette.report", lang), app.open_report),
            (t("palette.sync", lang), app.action_sync),
            (t("palette.sync_conflicts", lang), app.action_sync_conflicts),
            (t("palette.language", lang, other=other), app.action_toggle_language),
            (t("palette.help", lang), app.action_help),
        ]

    async def discover(self):
        for text, callback in self._actions():
            yield DiscoveryHit(Content(text), callback, text=text)

    async def search(self, query: str):
        matcher = self.matcher(query)
        app, lang = self.app, self.app.language
        for text, callback in self._actions():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlight(matcher, text), callback, text=text)
        for mission in app.store.missions():
            text = visible(f"{mission.reference} — {mission.title}", single_line=True)
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlight(matcher, text), partial(app.open_mission, mission.reference), text=text,
                          help=t("palette.mission", lang))
        if len(query.strip()) < 2:
            return
        # Deliverables come from full-text search, so 100,000 of them cost one indexed query.
        for d in app.store.deliverables(DeliverableFilter(text=query), limit=MAX_DELIVERABLE_HITS):
            text = visible(f"#{d.id} {d.title}", single_line=True)
            score = max(matcher.match(text), 0.5)
            yield Hit(score, highlight(matcher, text), partial(app.open_deliverable, d.id), text=text,
                      help=f"{t('palette.deliverable', lang)} · {short_date(d.due.date, lang)}")
