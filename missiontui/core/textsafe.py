"""User text shown in a terminal: control characters made visible so a title cannot drive the terminal."""

from __future__ import annotations

import re

# C0/C1 controls (ANSI escapes start with ESC) and the bidi overrides of "Trojan source".
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, single_line: bool = True) -> str:
    """`text` with every control character shown as \\xNN (newlines and tabs as spaces in one line)."""
    if single_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                         else f"\\u{ord(m.group()):04x}", text)
