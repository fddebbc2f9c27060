"""Small text tools for letters: folding for matching, cleaning a line, French name casing."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "\u2019\u2018\u02bc`\u00b4"


def fold_char(c: str) -> str:
    if c in _APOSTROPHES:
        return "'"
    if c in "\u00a0\u202f\u2009":
        return " "
    if c in "\u2013\u2014\u2011":
        return "-"
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    return low[0] if low else base


def fold(text: str) -> str:
    """Lower case, no accents, one apostrophe, one dash: same length as `text`, so a match in the
    folded copy is a match at the same place in the original."""
    return "".join(fold_char(c) for c in text)


_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def clean_line(line: str) -> str:
    """A line without Markdown emphasis, heading marks or quote marks, spaces collapsed."""
    line = line.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    line = re.sub(r"^\s*(?:#{1,6}\s+|>\s*)", "", line)
    bullet = re.match(r"^\s*(?:[-•–—▪◦●]|\*(?=\s))\s+", line)
    if bullet:
        line = "- " + line[bullet.end():]
    for _ in range(3):  # nested emphasis: ***x***, **_x_**
        line = _EMPHASIS.sub(r"\2", line)
    line = re.sub(r"^[*_]+(?=\S)|(?<=\S)[*_]+$", "", line.strip())  # emphasis over several lines
    return " ".join(line.split())


_PARTICLES = {"de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "da", "di"}


def name_case(word: str) -> str:
    """"AUDIGÉ" → "Audigé", "LE GALL" → "Le Gall", "DUPONT-MARTIN" → "Dupont-Martin"."""
    def one(part: str) -> str:
        return part[:1].upper() + part[1:].lower() if part else part
    return "-".join(one(p) for p in word.split("-"))


def is_caps_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def person_name(words: list[str]) -> str:
    """A person's name as written on a letter ("Olivier VERAN", "Marie de LA TOUR") in usual case."""
    out = []
    for i, w in enumerate(words):
        if is_caps_word(w):
            out.append(name_case(w))
        elif w.lower() in _PARTICLES and 0 < i < len(words) - 1:
            out.append(w.lower())
        else:
            out.append(w)
    return " ".join(out)


_SMALL = {"de", "du", "des", "d", "l", "la", "le", "les", "et", "à", "a", "au", "aux", "en", "pour", "chargé",
          "chargée", "sur", "par", "of", "the", "and", "for"}


def title_case_authority(text: str) -> str:
    """"MINISTÈRE DES SOLIDARITÉS ET DE LA SANTÉ" → "Ministère des Solidarités et de la Santé"."""
    if not is_caps_word(text.replace(" ", "")):
        return text
    if fold(text) == "premier ministre":
        return "Premier ministre"
    words = re.split(r"(\s+|['’-])", text.lower())
    out = []
    first = True
    for w in words:
        if not w or w.isspace() or w in "'’-":
            out.append(w)
            continue
        if len(w) <= 2 and w not in _SMALL:
            out.append(w.upper())  # "HM TREASURY": an abbreviation stays as it is
        else:
            out.append(w if (w in _SMALL and not first) else w[:1].upper() + w[1:])
        first = False
    return "".join(out)


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_ABBREVIATIONS = {"m", "mme", "mmes", "mm", "mlle", "dr", "pr", "me", "art", "cf", "p", "pp", "n°", "no", "vol",
                  "ex", "st", "ste", "av", "bd", "fig", "env", "min", "max"}


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut into sentences: at . ! ? before a capital, not after "M." or an initial."""
    out, start = [], 0
    for m in re.finditer(r"[.!?…]+[»\")]?\s+(?=[«\"(]?\s?[A-ZÀ-ÖØ-Þ0-9])", paragraph):
        before = re.search(r"(\S+)$", paragraph[start:m.start()])
        word = before.group(1).lower().rstrip(".") if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        out.append(paragraph[start:m.end()].strip())
        start = m.end()
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return out
