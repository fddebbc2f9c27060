"""What a request's headers ask for: a compressed body (Accept-Encoding, RFC 9110 12.5.3), a
language (Accept-Language, 12.5.4) and an answer only if the resource changed (If-None-Match and
If-Modified-Since, RFC 9110 13.1)."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

_CODING = re.compile(r"\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:;(.*))?")
_LANGUAGE_RANGE = re.compile(r"\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;(.*))?")
_QVALUE = re.compile(r"\s*[qQ]\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*")
_ENTITY_TAG = re.compile(r'\s*(?:W/)?("[^"]*")\s*(?:,|$)')


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether gzip may be sent: listed (or x-gzip, or *) with a weight above 0. `gzip;q=0`
    refuses it; a weight that cannot be read refuses it too, rather than guess."""
    weights: dict[str, float] = {}
    for coding, weight in _weighted(accept_encoding, _CODING):
        coding = "gzip" if coding == "x-gzip" else coding
        weights[coding] = max(weight, weights.get(coding, 0.0))
    if "gzip" in weights:
        return weights["gzip"] > 0
    return weights.get("*", 0.0) > 0


def _weighted(header: str | None, element: re.Pattern):
    """(name in lower case, weight) for each element of a comma-separated header with `;q=`
    weights (RFC 9110 12.4.2); an element that is not one is skipped, an unreadable weight is 0."""
    for part in (header or "").split(","):
        match = element.fullmatch(part)
        if not match:
            continue
        weight = 1.0
        for param in match.group(2).split(";") if match.group(2) else ():
            q = _QVALUE.fullmatch(param)
            if q:
                weight = float(q.group(1))
            elif param.strip().lower().startswith("q"):
                weight = 0.0
        yield match.group(1).lower(), weight


def none_match(if_none_match: str, etag: str) -> bool:
    """True when If-None-Match names `etag` (weak comparison: W/"x" matches "x") or is "*":
    the client's copy is current. A header that is not a list of entity tags matches nothing."""
    if if_none_match.strip() == "*":
        return True
    tags, position = [], 0
    while position < len(if_none_match):
        match = _ENTITY_TAG.match(if_none_match, position)
        if not match:
            return False
        tags.append(match.group(1))
        position = match.end()
    return etag.removeprefix("W/") in tags


def not_modified_since(if_modified_since: str, last_modified: str) -> bool:
    """True when the resource has not changed since the client's date (an unreadable one: False)."""
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False



def preferred_language(accept_language: str | None, offered: tuple[str, ...], default: str) -> str:
    """The offered language the reader weighs highest (Accept-Language, RFC 9110 12.5.4; "fr-FR"
    matches "fr"), else `default`: a French sponsor's browser gets the French page whatever language
    `serve` speaks. A weight of 0 refuses a language; an unreadable weight counts as 0; "*" weighs
    only the languages not named (RFC 4647 3.3.1)."""
    named: dict[str, float] = {}
    anything: float | None = None
    for language_range, weight in _weighted(accept_language, _LANGUAGE_RANGE):
        primary = language_range.split("-")[0]
        if primary == "*":
            anything = weight if anything is None else max(anything, weight)
        else:
            named[primary] = max(weight, named.get(primary, 0.0))
    weights = {language: named.get(language, anything or 0.0) for language in offered}
    best = max(offered, key=lambda language: (weights[language], language == default))
    return best if weights[best] > 0 else default
