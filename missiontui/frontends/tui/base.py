"""What every screen shares: the app's store and language, and bindings shown in that language."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen

from missiontui.core.i18n import catalogue, t

TEXTUAL_FAMILY = "textual."  # Textual's own words (its keys, its palette commands), by their English


def textual_word(text: str, lang: str) -> str:
    """One of Textual's own English words ("Focus Next", "Change the current theme") in `lang`."""
    if lang == "en":
        return text
    return next((entry.get(lang, text) for key, entry in catalogue().items()
                 if key.startswith(TEXTUAL_FAMILY) and entry["en"] == text), text)


def describe(description: str, lang: str) -> str:
    """A binding's description: ours are message keys; Textual's are English words."""
    said = t(description, lang)
    return said if said != description else textual_word(description, lang)


def translate_bindings(node, lang: str) -> None:
    """Binding descriptions are message keys: show them in `lang` (and again after a switch)."""
    original = getattr(node, "_untranslated_bindings", None)
    if original is None:
        original = node._untranslated_bindings = node._bindings
    node._bindings = BindingsMap.from_keys({
        key: [replace(b, description=describe(b.description, lang)) if b.description else b for b in bindings]
        for key, bindings in original.key_to_bindings.items()
    })


def translate_tree(screen, lang: str) -> None:
    """The screen's bindings and those of its widgets (a focused widget's keys show in the footer)."""
    translate_bindings(screen, lang)
    for widget in screen.query("*"):
        if any(b.description for _, b in getattr(widget, "_untranslated_bindings", widget._bindings)):
            translate_bindings(widget, lang)


class Translated:
    """Mixin for screens: `self.t(key)` in the current language; `relabel()` redraws the words."""

    @property
    def lang(self) -> str:
        return self.app.language

    def t(self, key: str, **params) -> str:
        return t(key, self.app.language, **params)

    def on_mount(self) -> None:
        if not self.is_attached:  # popped before it was shown (keys typed fast, the app quitting)
            return
        if getattr(self.app, "demo", False) and isinstance(self, Screen) and not isinstance(self, ModalScreen):
            from textual.widgets import Static

            self.mount(Static(id="demo-note", classes="demo-note"))
        translate_tree(self, self.lang)
        self._demo_note()
        self.relabel()

    def _demo_note(self) -> None:
        """"demo — today is Monday 26 September 2022", top right, above the screen's title."""
        from missiontui.core.i18n import long_date
        from missiontui.frontends.tui.safe import plain

        for note in self.query("#demo-note"):
            note.update(plain(t("demo.today", self.lang, day=long_date(self.app.today, self.lang))))

    def relabel(self) -> None:
        """Put every visible word in the current language (called on mount and on a switch)."""

    def refresh_data(self) -> None:
        """Reload from the database (a colleague changed it); keep the cursor and the filters."""

    def in_background(self, work, then=None, *, on_error=None) -> None:
        """A use case off the UI thread (see MissionApp.run_use_case: errors are said, never fatal)."""
        self.app.run_use_case(work, then, on_error=on_error)


class Page(Translated, Screen):
    pass


class Dialog(Translated, ModalScreen):
    pass
