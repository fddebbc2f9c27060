"""User text inside HTML, SVG and Markdown: always text, never markup.

Control characters are shown as \\xNN (core.textsafe.visible), then the markup's own special
characters are escaped. A title like `</svg><script>` or `[x](javascript:…)` shows as typed.
"""

from __future__ import annotations

from html import escape

from missiontui.core.textsafe import visible

_NOT_XML = {0xFFFE: "\\ufffe", 0xFFFF: "\\uffff"}  # the two characters XML forbids that visible() leaves
# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that start markup
# anywhere in a line (emphasis, links, images, code, raw HTML, entities, table cells).
_MARKDOWN = {ord(c): "\\" + c for c in "\\`*_[]<>|!&~"}


def html_text(value: str, limit: int | None = None) -> str:
    """Text for an HTML or SVG element or attribute (quotes escaped too), cut to `limit` characters."""
    value = visible(value)
    if limit and len(value) > limit:
        value = value[: limit - 1] + "…"
    return escape(value, quote=True).translate(_NOT_XML)


def markdown_text(value: str) -> str:
    """Text for a Markdown paragraph or table cell: one line, markup characters backslash-escaped."""
    return visible(value).translate(_MARKDOWN)
