"""User text on screen: always a Content (never markup), control characters made visible."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

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
