"""The parts of a letter: heading, address blocks, salutation, body (sentences and list items),
closing formula and signature. Works on text from any source: one paragraph per line (.txt,
.docx, .odt) or lines wrapped at the page width (PDF)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from missiontui.core.letters.text import clean_line, fold, sentences

CIVILITY = r"(?:Monsieur|Madame|Mademoiselle|M\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Sir|Dame|Professor|Prof\.)"
_SALUTATION = re.compile(r"^(?:(?:Madame|Monsieur|Mesdames|Messieurs|Mademoiselle)\b|Ch[èe]re?s?\s|Dear\s).{0,160},$")
_CLOSING = re.compile(r"(?:je vous prie|veuillez|recevez|croyez).{0,80}(?:agreer|croire|recevoir|expression|assurance|"
                      r"salutations|consideration|sentiments)|^bien cordialement|^tres cordialement|^cordialement|"
                      r"^yours (?:sincerely|faithfully|truly)|^(?:kind|best|warm) regards|^with best wishes")
_ADDRESSEE_LINE = re.compile(rf"^(?:a l'attention de\s+)?{CIVILITY}\s+\S.*$", re.IGNORECASE)
_POSTCODE = re.compile(r"\b\d{5}\s+[A-Z]|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b")  # "75007 PARIS", "SW1A 2HQ"
_ADDRESS_LIKE = re.compile(
    r"\bcedex\b|\bt[ée]l[ée]phone\b|\bt[ée]l\s*[.:]|\bfax\b|courriel|www\.|\S@\S|\bBP\s?\d|\bCS\s?\d"
    r"|^\d+(?:-\d+)?,?\s+(?:bis\s+|ter\s+)?(?:rue|avenue|boulevard|bd|quai|place|all[ée]e|chemin|cours|square"
    r"|impasse|route|esplanade|parvis|road|street|square|lane|way|court|gardens|terrace|drive|row)\b|^\.+\s*/\s*\.+$|^\d+\s*/\s*\d+$|^-\s*\d+\s*-$|^page\s+\d+",
    re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """A sentence of the body, or a list item with the sentence that introduces it."""

    text: str
    lead_in: str = ""  # "… les trois objectifs que s'est fixés le Gouvernement d'ici 2022 à savoir :"


@dataclass(frozen=True)
class Layout:
    lines: tuple[str, ...]  # every line, cleaned
    heading: tuple[str, ...]  # before the salutation, without address blocks and page furniture
    blocks: tuple[tuple[str, ...], ...]  # address blocks: "Monsieur Thomas AUDIGÉ", title lines, address
    salutation: tuple[str, ...]
    units: tuple[Unit, ...]
    closing: str
    signature: tuple[str, ...]  # after the closing formula


def is_address_like(line: str) -> bool:
    return bool(_ADDRESS_LIKE.search(line) or _POSTCODE.search(line))


def read_layout(text: str) -> Layout:
    lines = [clean_line(line) for line in text.split("\n")]
    folded = [fold(line) for line in lines]
    salutation_at = next((i for i, line in enumerate(lines) if _SALUTATION.match(line) and len(line) < 170), None)
    salutation_end = salutation_at
    if salutation_at is not None:
        while salutation_end + 1 < len(lines) and _SALUTATION.match(lines[salutation_end + 1]):
            salutation_end += 1
    if salutation_at is None:  # pasted text, an e-mail: the body starts at the first line of prose
        body_start = next((i for i, line in enumerate(lines) if _is_prose(line)), 0)
    else:
        body_start = salutation_end + 1
    closing_at = next((i for i in range(body_start, len(lines)) if _CLOSING.search(folded[i])), None)
    body_end = closing_at if closing_at is not None else len(lines)

    used = set()
    blocks = []
    i = 0
    while i < len(lines):
        if i not in used and _is_block_start(lines, i, salutation_at, body_start, body_end):
            block = [i]
            j = i + 1
            while j < len(lines) and lines[j] and not _ADDRESSEE_LINE.match(lines[j]) and len(block) < 8:
                block.append(j)
                j += 1
            used.update(block)
            blocks.append(tuple(lines[k] for k in block))
            i = j
        else:
            i += 1
    used.update(i for i, line in enumerate(lines) if line and is_address_like(line) and len(line) < 120)

    heading = tuple(lines[i] for i in range(0, salutation_at if salutation_at is not None else body_start)
                    if i not in used and lines[i])
    body = [lines[i] if i not in used else "" for i in range(body_start, body_end)]
    signature = tuple(lines[i] for i in range(body_end + 1, len(lines)) if i not in used and lines[i])
    return Layout(
        lines=tuple(lines), heading=heading, blocks=tuple(blocks),
        salutation=tuple(lines[salutation_at:salutation_end + 1]) if salutation_at is not None else (),
        units=tuple(_units(_paragraphs(body))), closing=lines[closing_at] if closing_at is not None else "",
        signature=signature)


def _is_prose(line: str) -> bool:
    return len(line) > 100 or (len(line.split()) >= 6 and line.endswith((".", ":", ";", "!", "?")))


def _is_block_start(lines, i, salutation_at, body_start, body_end) -> bool:
    line = lines[i]
    if not _ADDRESSEE_LINE.match(line) or line.endswith((",", ".", ";", ":")) or len(line) > 110:
        return False
    if salutation_at is not None and salutation_at <= i < body_start:
        return False
    if i > 0 and lines[i - 1] and not _ADDRESSEE_LINE.match(lines[i - 1]) and body_start <= i < body_end:
        return False  # inside a paragraph of prose
    named = not re.match(rf"^(?:a l'attention de\s+)?{CIVILITY}\s+(?:l[ea]\b|l['’]|les\b)", line, re.IGNORECASE)
    outside_body = i < body_start or i >= body_end
    followed_by_address = any(is_address_like(lines[k]) for k in range(i + 1, min(i + 6, len(lines))) if lines[k])
    return (named and (outside_body or followed_by_address or len(line.split()) <= 5)) or \
        (not named and (outside_body or followed_by_address))


def _paragraphs(body: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in body + [""]:
        starts_new = not line or line.startswith("- ") or (
            current and current[-1].endswith((".", ":", ";", "!", "?")) and line[:1].isupper())
        if starts_new and current:
            paragraphs.append(" ".join(current))
            current = []
        if line:
            current.append(line)
    return paragraphs


def _units(paragraphs: list[str]) -> list[Unit]:
    units: list[Unit] = []
    lead_in = ""
    for paragraph in paragraphs:
        if paragraph.startswith("- "):
            units.append(Unit(paragraph[2:].strip(), lead_in))
            continue
        said = sentences(paragraph)
        units.extend(Unit(s) for s in said)
        lead_in = said[-1] if said and said[-1].rstrip().endswith(":") else ""
    return units
