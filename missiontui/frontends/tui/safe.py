"""User text on screen: always a Content (never markup), control characters made visible."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.widgets import Input, TextArea

from missiontui.core.textsafe import visible


def plain(text: str, *, single_line: bool = False) -> Content:
    """Any user text as it is: `[/]`, `[@click=app.quit]x` and ANSI escapes show literally."""
    return Content(visible(text, single_line=single_line))


def fit(text: str, width: int) -> str:
    """One line exactly `width` cells wide (wide characters counted), cut with an ellipsis."""
    text = visible(text)
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def editable(text: str) -> str:
    """User text put in a field to edit: control characters shown as \\xNN (a terminal would run them)."""
    return visible(text, single_line=False)


class _Untouched:
    """A field holding a colleague's text: shown safely (see `editable`), and given back exactly as it
    was (control characters included) as long as the user has not changed it. `_shown` is the
    widget's own text property: Input.value, TextArea.text."""

    _shown: str

    def __init__(self, text: str = "", **kwargs):
        self.original = text
        super().__init__(editable(text), **kwargs)

    @property
    def typed(self) -> str:
        current = getattr(self, self._shown)
        return self.original if current == editable(self.original) else current

    def show(self, text: str) -> None:
        """Put another text in the field (a colleague's newer value), as the constructor does."""
        self.original = text
        setattr(self, self._shown, editable(text))


class TextInput(_Untouched, Input):
    _shown = "value"


class TextEditor(_Untouched, TextArea):
    _shown = "text"
