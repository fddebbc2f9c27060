"""What every screen shares: the app's store and language, and bindings shown in that language."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.screen import ModalScreen, Screen

from missiontui.core.i18n import t


def translate_bindings(node, lang: str) -> None:
    """Binding descriptions are message keys: show them in `lang` (and again after a switch)."""
    original = getattr(node, "_untranslated_bindings", None)
    if original is None:
        original = node._untranslated_bindings = node._bindings
    node._bindings = BindingsMap.from_keys({
        key: [replace(b, description=t(b.description, lang)) if b.description else b for b in bindings]
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
        translate_tree(self, self.lang)
        self.relabel()

    def relabel(self) -> None:
        """Put every visible word in the current language (called on mount and on a switch)."""

    def refresh_data(self) -> None:
        """Reload from the database (a colleague changed it); keep the cursor and the filters."""

    def in_background(self, work, then=None, *, on_error=None) -> None:
        """A use case off the UI thread (see MissionApp.run_use_case: errors are said, never fatal)."""
        self.app.run_use_case(work, then, on_error=on_error)


class Page(Translated, Screen):
    def on_mount(self) -> None:  # Textual calls each class's on_mount: Translated's runs as well
        from missiontui.frontends.tui.sync import show_status

        show_status(self)


class Dialog(Translated, ModalScreen):
    pass
