"""The copy of a text the rules read: lower case, no accents, one kind of apostrophe and of space."""

from __future__ import annotations

import unicodedata

_APOSTROPHES = "\u2019\u2018\u02bc`\u00b4"


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower case, no accents, one kind of apostrophe; `index[i]` is where char i came from."""
    if text.isascii():
        return text.lower().replace("`", "'"), list(range(len(text)))
    out, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(c):
                continue
            c = "'" if c in _APOSTROPHES else c
            for low in c.lower():
                out.append(low)
                index.append(i)
    return "".join(out), index
