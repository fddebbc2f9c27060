"""The words around a date that change what it means, whatever the date is:

- before it: "avant" (the day before a span), "la veille de" / "le lendemain de", "deux semaines
  avant" / "10 jours ouvrés après" (a day moved), "depuis" / "last" / "lors de mon discours du" /
  "votre note du" / "j'ai bien reçu le" (the past), "à partir du" / "ne pas publier avant le" (a
  start), "début de" / "mi-" in front of a whole span (which day of it? refused), and words that only
  introduce it ("d'ici", "au plus tard") and belong to the phrase;
- after it: "dernier" / "passé" (the past), "dernier délai" / "au plus tard" (the deadline said
  again), "de l'année prochaine" (the year of a date that comes back each year), and "à compter de
  la remise du rapport" / "qui suivent la publication du décret" after a delay (counted from
  something that is not a date: refused);
- on either side, "ou" / "or" / "soit ..., soit" and another date: a choice between two dates
  (refused: a guess).

Each pattern compiles on first use, and only runs when a word it needs is nearby.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache

from missiontui.core.dates.fragments import fragments
from missiontui.core.dates.holidays import add_working_days
from missiontui.core.dates.rules import count, shift
from missiontui.core.dates.words import CARDINALS, FULL_MONTHS, SEASONS, WEEKDAYS

_ARTICLE = r"(?:(?:la|le|les|the)\s+|l')?"


@cache
def _shift() -> re.Pattern:
    return re.compile(
        r"(?:(?P<m2>l'avant[- ]veille)|(?P<m1>(?:la\s+)?veille|the\s+day\s+before|(?:the\s+)?eve)"
        r"|(?P<p2>(?:le\s+|au\s+)?surlendemain)|(?P<p1>(?:le\s+|au\s+)?lendemain|the\s+day\s+after))"
        r"(?:\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)|\s+)\Z")


@cache
def _offset() -> re.Pattern:
    return re.compile(
        rf"(?:(?:dans\s+un\s+delai\s+de|dans|sous|within|in)\s+)?{fragments().NUM}\s+"
        r"(?P<unit>jours?|semaines?|mois|ans?|annees?|days?|weeks?|months?|years?)"
        r"(?:\s+(?P<work>ouvres?|ouvrables?|working|business))?(?:\s+days?)?"
        r"\s+(?P<dir>avant|apres|a\s+compter|a\s+partir|suivant|before|after|from|following)"
        r"(?:\s+(?:du|de\s+la|de\s+l'|des|de|d'|le|la|l'|les|the))?\s*\Z")


@cache
def _lead() -> re.Pattern:
    return re.compile(
        r"(?:(?P<before>avant|before|prior\s+to)|d'ici(?:\s+a)?|au\s+plus\s+tard|at\s+the\s+latest\s+by"
        rf"|no\s+later\s+than|jusqu'(?:au|a|en)|by|until)\s+{_ARTICLE}\Z")


@cache
def _start() -> re.Pattern:
    return re.compile(
        r"(?:a\s+partir|a\s+compter|(?:pas|non)\s+avant|au\s+plus\s+tot|des(?=\s+(?:le|la|l'|les)\b|\s*\Z)"
        r"|apres|a\s+l'issue|au[- ]dela|passee?s?(?=\s+(?:le|la|l'|les|ce|cette)\b|\s*\Z)"
        r"|(?:starting|beginning)(?:\s+(?:on|in|from))?|from|as\s+of|not\s+before|no\s+earlier\s+than|after|beyond)"
        r"(?:\s+(?:du|de\s+la|de\s+l'|des|de|d'|le|la|l'|les|the))?\s*\Z"
        # after an event: "après la réunion du 15 novembre", "à l'issue du comité du", "following the meeting on"
        r"|(?:apres|a\s+l'issue\s+d(?:e|u|es|')|after|following)\s*(?:(?:la|le|les|the)\s+|l')?"
        r"(?!(?:mon|ma|mes|notre|nos|votre|vos|my|our|your)\s)"  # "après notre échange du": the past
        r"(?:[\w'-]+\s+){1,3}?(?:du|de\s+la|de\s+l'|des|d'|of|on)\s*\Z"
        # a deadline denied is an embargo: "ne pas publier avant le", "ne sera pas diffusé avant le", "do not
        # publish before", "not to be released until", "aucune diffusion avant", "sous embargo jusqu'au"
        # (not "n'hésitez pas à répondre avant", "do not forget to send it before": those ask for it by then)
        r"|(?:(?<![a-z])(?:ne\s+|n')(?!(?:hesit|manqu|oubli|attend|tard)[a-z]*\s)(?:[\w'-]+\s+){0,2}?"
        r"(?:pas|jamais|plus|point)|(?:(?<![a-z])(?:(?:do|does|did|must|should|shall|will|may|is|are)\s+)?"
        r"(?:not|never)|(?<![a-z])cannot|n't)(?!\s+(?:hesitate|forget|fail|wait|delay)\b)"
        r"|(?<![a-z])(?:aucune?|no)\s+[\w'-]+|(?<![a-z])embargo(?:ed)?)"
        r"(?:\s+[\w'-]+){0,3}?\s+(?:avant|before|prior\s+to|until|till|jusqu'(?:au|a|en)?)"
        r"(?:\s+(?:du|de\s+la|de\s+l'|des|de|d'|le|la|l'|les|the))?\s*\Z")


@cache
def _citation() -> re.Pattern:
    """ "la loi du 7 août 2015", "par courrier en date du 3 mars", "votre lettre du 12 mai": the date of a text."""
    return re.compile(
        r"(?<![a-z])(?:lois?|decrets?|arretes?|circulaires?|ordonnances?|instructions?|directives?|reglements?"
        r"|courriers?|lettres?|saisines?|courriels?|(?:en\s+)?date|acts?|laws?|decrees?|letters?)"
        r"(?:\s+(?:organique|ministerielle|interministerielle|n\s*[°o]\s*[\w./-]+|no\.?\s*[\w./-]+)){0,2}"
        r"\s+(?:en\s+date\s+du|du|dated|of)\s*\Z"
        # "votre note du 12 septembre", "en réponse à la demande du", "your email of": what was sent, dated
        rf"|(?:(?<![a-z])(?:{_POSSESSIVE})\s+|(?:en\s+reponse|in\s+(?:reply|response)|replying|responding)"
        r"\s+(?:a|au|aux|to)\s+(?:(?:la|le|les|the)\s+|l')?)(?:[\w'-]+\s+){0,2}?"
        rf"(?:{_SENT})(?:\s+[\w'-]+){{0,2}}?\s+(?:en\s+date\s+du|datee?s?\s+du|du|dated|of|sent\s+on|from)\s*\Z")


_POSSESSIVE = r"votre|vos|ta|ton|tes|ma|mon|mes|notre|nos|sa|son|ses|leur|leurs|your|my|our|his|her|their"
# What is sent and so dated when it leaves: letters, notes, messages, requests, answers, reports.
_SENT = (r"notes?|messages?|e-?mails?|mails?|courriels?|courriers?|lettres?|envois?|demandes?|requetes?|reponses?"
         r"|correspondances?|transmissions?|saisines?|telecopies?|fax|memos?|bordereaux?|sms|appels?|rapports?|avis"
         r"|contributions?|comptes?\s+rendus?|letters?|requests?|replies|reply|responses?|correspondence"
         r"|communications?|memorand(?:um|a)|calls?|reports?|submissions?")


@cache
def _event() -> re.Pattern:
    """ "lors de la réunion du 12 septembre": the date of an event, past if the sentence is."""
    return re.compile(
        r"(?:lors|a\s+l'occasion|au\s+cours)\s+d(?:e|u|es)\s+(?:(?:la|le|les|votre|vos|leur|leurs|son|sa|ses)\s+|l')?"
        r"(?:[\w'-]+\s+){0,3}?(?:(?:du|de\s+la|de\s+l'|de|des|d'|le|en)\s*)?\Z")


@cache
def _past() -> re.Pattern:
    return re.compile(
        rf"(?:(?:depuis|since|last)\s+{_ARTICLE}"
        r"|(?:lors|a\s+l'occasion)\s+d(?:e|u|es)\s+(?:mon|ma|mes|notre|nos)\s+(?:[\w'-]+\s+){0,4}?"
        r"(?:(?:du|de\s+la|de\s+l'|de|des|d'|le|en)\s*)?"
        r"|(?:during|in|at)\s+(?:my|our)\s+(?:[\w'-]+\s+){0,4}?(?:on|of)\s+(?:the\s+)?"
        # "suite à notre entretien du", "à la suite de la réunion du": what follows an event has happened
        r"|(?:(?:(?:pour\s+|en\s+)?(?:faire\s+|faisant\s+)?suite\s+(?:a|au|aux)|a\s+la\s+suite\s+d(?:e|u|es|')"
        r"|dans\s+(?:le\s+prolongement|la\s+continuite)\s+d(?:e|u|es|'))\s*"
        r"(?:(?:mon|ma|mes|notre|nos|votre|vos|leur|leurs|la|le|les|cette|ce|cet)\s+|l')?"
        r"|(?:depuis|apres)\s+(?:mon|ma|mes|notre|nos)\s+)"  # "depuis notre réunion du", "après notre échange du"
        r"(?:[\w'-]+\s+){0,4}?(?:(?:du|de\s+la|de\s+l'|de|des|d'|le|en)\s*)?"
        # "j'ai bien reçu le 12 avril", "nous avons reçu votre dossier le 3 mai": received, so behind us
        r"|(?<![a-z])(?:j'|(?:nous|vous|on|ils?|elles?)\s+)?(?:ai|avons|avez|a|ont|avais|avait|avions|aviez|avaient)"
        r"\s+(?:bien\s+)?recue?s?[\s,]+"
        r"(?:[\w'-]+\s+){0,3}?(?:(?:le|en\s+date\s+du|du)\s*)?"
        r"|(?<![a-z])(?:i|we|you|they|he|she|have|has|had)\s+(?:duly\s+|already\s+)?received[\s,]+"
        r"(?:[\w'-]+\s+){0,3}?(?:on|dated|of)\s+(?:the\s+)?"
        # "comme convenu le 2 mars", "comme convenu lors de notre réunion du" (not "comme prévu": still ahead)
        r"|comme\s+(?:(?:nous\s+)?(?:l'avons|en\s+sommes|en\s+etions)\s+|je\s+vous\s+l'ai\s+)?"
        r"(?:convenue?s?|indiquee?s?|annoncee?s?|evoquee?s?|precisee?s?|rappelee?s?|mentionnee?s?|discutee?s?)"
        r"(?:\s+(?:avec\s+vous|ensemble|entre\s+nous))?\s+"
        r"(?:(?:lors|a\s+l'occasion)\s+d(?:e|u|es)\s+(?:[\w'-]+\s+){0,4}?(?:du|de\s+la|de\s+l'|des|d')\s*|le\s+|en\s+|)"
        # "following our meeting on", "as agreed at the meeting of", "as discussed on"
        r"|(?:following|further\s+to|pursuant\s+to|since|after)\s+(?:my|our|your)\s+(?:[\w'-]+\s+){0,4}?(?:on|of|dated)\s+"
        r"(?:the\s+)?"
        r"|as\s+(?:agreed|discussed|announced|mentioned|indicated)\s+(?:(?:at|in|during)\s+(?:my|our|your|the)\s+"
        r"(?:[\w'-]+\s+){0,4}?(?:on|of)\s+|on\s+)(?:the\s+)?)\Z")


@cache
def _past_after() -> re.Pattern:
    return re.compile(r"\s+(?:dernier|derniere|passe|passee)(?![a-z])(?!\s+(?:delai|carat|limite)(?![a-z]))")


@cache
def _latest_after() -> re.Pattern:
    """ "le 12/07 dernier délai", "fin juin au plus tard", "by 12 July at the latest": the deadline, said twice."""
    return re.compile(r",?\s+(?:(?:au\s+)?(?:dernier|derniere)\s+(?:delai|carat|limite)|au\s+plus\s+tard"
                      r"|(?:at\s+the\s+)?latest|au\s+(?:grand\s+)?maximum)(?![a-z])")


@cache
def _next_after() -> re.Pattern:
    return re.compile(r"\s+(?:prochain|prochaine)(?![a-z])")


@cache
def _year_after() -> re.Pattern:
    which = r"prochaine?|derniere?|passee?|en\s+cours|courante?|suivante?|precedente?"
    return re.compile(rf",?\s+(?:(?:de\s+)?cette\s+annee|de\s+(?:l'annee|l'an|l'exercice)"
                      rf"|(?:d'annee|l'annee|l'an|l'exercice)(?=\s+(?:{which})(?![a-z]))"
                      r"|(?:of\s+)?(?:the\s+)?(?P<en>this|next|last|current|coming|previous|following)\s+year"
                      r"|of\s+the\s+(?:calendar\s+)?year)"
                      rf"(?:\s+(?P<which>{which}))?(?![a-z])")


@cache
def _vague() -> re.Pattern:
    return re.compile(r"(?:debut|mi|milieu|early|mid|beginning|start|middle)"
                      r"(?:\s*-\s*|\s+(?:de\s+la|de\s+l'|du|de|d'|of\s+the|of)\s*|\s+)\Z")


@cache
def _counted_from() -> re.Pattern:
    # "qui suivent la publication du décret", "de la remise du rapport", "that follow the decree"
    return re.compile(r",?\s+(?:a\s+compter|a\s+partir|apres|suivant|des|from|after|following|of"
                      r"|qui\s+(?:suit|suivent|suivra|suivront|suivrait|suivraient)|that\s+follows?"
                      r"|de\s+(?:la|sa|son|ses|leur|votre)|du|des)(?![a-z])|,?\s+de\s+l'")


def _near(window: str, *words: str) -> bool:
    for w in words:  # a plain loop: any() over a generator costs twice as much, and this runs for every match
        if w in window:
            return True
    return False


def _window(norm: str, start: int) -> str:
    return norm[max(0, start - 80):start]


class Around:
    """What the words around a match say: where the phrase now starts and ends, a day to move it
    by, "avant", the past, a part of a span."""

    __slots__ = ("start", "end", "shift", "before", "past", "vague", "next_end", "year", "year_end", "starts",
                 "citation", "event", "following")

    def __init__(self, start: int, end: int):
        self.start, self.end = start, end
        self.shift = None
        self.before = self.past = self.vague = False
        self.starts = False  # "à partir du 15 septembre", "pas avant la Toussaint": a start, not a deadline
        self.citation = False  # "la loi du 7 août 2015": the date of a text, past if not after the reference
        self.event = False  # "lors de la réunion du 12 septembre": past if the sentence is
        # Only for a date that comes back each year: "le 15 mars prochain" (the next one not begun),
        # "fin juin de l'année prochaine" (year + 1); where the phrase then ends.
        self.next_end: int | None = None
        self.year: int | None = None
        self.year_end: int | None = None
        self.following = False  # "fin juin de l'année suivante": the year after something not said


def around(norm: str, start: int, end: int) -> Around:
    """Each pattern runs only when a word it needs is in the 80 characters before the match."""
    a = Around(start, end)
    window = _window(norm, start)
    m = _shift().search(window) if _near(window, "veille", "lendemain", "day", "eve") else None
    if m:
        days = -2 if m["m2"] else -1 if m["m1"] else 2 if m["p2"] else 1
        a.shift = lambda day: day + timedelta(days=days)
    elif _near(window, "avant", "apres", "compter", "partir", "suivant", "before", "after", "from", "following"):
        m = _offset().search(window)
        if m:
            a.shift = _offset_by(m)
    if m:
        a.start -= len(m[0])
    window = _window(norm, a.start)
    m, taken = None, 0
    if _near(window, "partir", "compter", "avant", "tot", "des", "apres", "issue", "dela", "passe", "start", "begin",
             "from", "as of", "before", "earlier", "after", "beyond", "following", "until", "till", "jusqu", "embargo"):
        taken = 3 if norm.startswith("du ", a.start) else 0  # "après la réunion du 15 mai": the day rule took "du"
        m = _start().search(window + "du " if taken else window)
        a.starts = bool(m)
    if not m and _near(window, "avant", "before", "prior", "ici", "tard", "latest", "later", "jusqu", "by", "until"):
        m, taken = _lead().search(window), 0
        a.before = bool(m and m["before"])
    if m:
        a.start -= len(m[0]) - taken
    window = _window(norm, a.start)
    if _near(window, *_CITED):  # the date of a text: "la loi du", with the "du" a day rule may have taken
        a.citation = bool(_citation().search(window + ("du " if norm.startswith("du ", a.start) else "")))
    m = _past().search(window) if _near(window, *_BACK) else None
    if m:
        a.past = True
    elif _near(window, "lors", "occasion", "cours"):
        m = _event().search(window)
        a.event = bool(m)
    if m:
        a.start -= len(m[0])
    m = _vague().search(_window(norm, a.start)) if _near(window, "debut", "mi", "early", "mid", "begin", "start") \
        else None
    if m:
        a.vague = True
        a.start -= len(m[0])
    after = norm[end:end + 30]
    if _near(after, "dernier", "derniere", "passe"):
        m = _past_after().match(norm, end)
        if m:
            a.past, a.end = True, m.end()
    if "prochain" in after:
        m = _next_after().match(norm, end)
        a.next_end = m.end() if m else None
    if _near(after, "annee", "l'an", "year", "exercice"):
        m = _year_after().match(norm, end)
        if m:
            which = m["which"] or m["en"] or ""
            a.following = which.startswith(("suivant", "following"))  # following what? not said
            a.year = (1 if which.startswith(("prochain", "next", "coming")) else
                      -1 if which.startswith(("dernier", "passe", "last", "previous", "precedent")) else 0)
            a.year_end = m.end()
    if not a.past and _near(after, *_LATEST):
        m = _latest_after().match(norm, a.end)
        if m:
            a.end = m.end()
    return a


_BACK = ("depuis", "since", "last", "lors", "occasion", " my ", " our ", "suite", "comme", "following", "further",
         "pursuant", "as ", "prolongement", "continuite", "apres", "after", "recu", "received")
_LATEST = ("delai", "carat", "limite", "tard", "latest", "maximum")
_CITED = ("loi", "decret", "arrete", "circulaire", "ordonnance", "instruction", "directive", "reglement", "courrier",
          "lettre", "saisine", "courriel", "date", "act", "law", "decree", "letter", "note", "message", "mail", "envoi",
          "demande", "requete", "reponse", "correspondance", "transmission", "telecopie", "fax", "memo", "bordereau",
          "sms", "appel", "rapport", "avis", "contribution", "compte", "request", "repl", "response", "communication",
          "call", "report", "submission")


def makes_a_date(norm: str, start: int, end: int) -> bool:
    """A bare month or year ("septembre", "2023") is a date after "avant", "depuis", "last" or before
    "dernier"."""
    window = _window(norm, start)
    if _near(window, "avant", "before", "prior"):
        lead = _lead().search(window)
        if lead and lead["before"]:
            return True
    if _near(window, *_BACK) and _past().search(window):
        return True
    after = norm[end:end + 24]
    if _near(after, "dernier", "derniere", "passe") and _past_after().match(norm, end):
        return True
    return _near(after, *_LATEST) and bool(_latest_after().match(norm, end))


def counted_from_elsewhere(norm: str, end: int) -> bool:
    """ "dans deux mois à compter de la remise du rapport": not from the reference day."""
    return bool(_counted_from().match(norm, end))


def _offset_by(m):
    """ "deux semaines avant Noël", "10 jours ouvrés avant le 15 mai", "deux mois à compter du 1er mars"."""
    n = count(m) * (-1 if m["dir"] in ("avant", "before") else 1)
    unit, work = m["unit"], m["work"]
    if work:
        return lambda day: add_working_days(day, n, work.startswith("ouvrable"))
    return lambda day: shift(day, n, unit)


# Words that begin a date on the other side of "ou": "en juin ou en juillet", "le 12 ou le 15 mai",
# "deux ou trois mois après réception".
_DATE_WORDS = (sorted(FULL_MONTHS) + sorted(SEASONS) + [w for w in WEEKDAYS if len(w) > 3]
               + ["noel", "christmas", "paques", "easter", "toussaint", "ascension", "pentecote", "rentree"]
               + sorted(w for w, v in CARDINALS.items() if v <= 31))
_OR = r"(?:ou\s+(?:bien|alors|sinon)|ou|or|voire|sinon|or\s+else)"
_LEADS = (r"(?:(?:en|au|aux|le|la|les|a|in|on|at|the|by|d'ici|avant|before|debut|fin|mi|late|early|mid|end\s+of"
          r"|courant|jusqu'au|jusqu'a|pour|for|du|de|of|plutot|eventuellement|perhaps|maybe|even|au\s+plus\s+tard)"
          r"(?:\s+|-)|l'|d')*")


@cache
def _or_after() -> re.Pattern:
    return re.compile(rf",?\s+(?P<or>{_OR})\s+{_LEADS}(?:\d|(?:{'|'.join(_DATE_WORDS)})(?![a-z]))")


@cache
def _or_before() -> re.Pattern:
    return re.compile(rf"(?:(?<![a-z])(?:le|la|les|en|au|the|in|on)\s+)?"
                      rf"(?:\d|(?<![a-z])(?:{'|'.join(_DATE_WORDS)}|prochaine?|next)(?![a-z]))"
                      rf"[\w'./-]*(?:\s+[\w'./-]+){{0,2}}?\s*,?\s+(?P<or>{_OR})\s+\Z")


def alternative(norm: str, text: str, index: list[int], start: int, end: int) -> tuple[int, int] | None:
    """ "en juin ou en juillet", "le 12 ou le 15 mai", "fin juin voire début juillet", "soit fin avril,
    soit mi-mai": where the choice starts and ends, or None. "où" (where) is not "ou" (or): read on the
    original text."""
    after = _or_after().match(norm, end) if _near(norm[end:end + 12], "ou", "or", "voire", "sinon") else None
    before = (_or_before().search(norm, max(0, start - 40), start)
              if _near(norm[max(0, start - 12):start], "ou", "or", "voire", "sinon") else None)
    choice = [m for m in (after, before) if m and text[index[m.end("or") - 1]] != "\u00f9"]
    if "soit" in norm[max(0, start - 60):end + 12]:
        choice += _either(norm, start, end)
    if not choice:
        return None
    return min([start] + [m.start() for m in choice]), max([end] + [m.end() for m in choice])


@cache
def _either_first() -> re.Pattern:
    return re.compile(r"(?<![a-z])soit\s+\Z")


@cache
def _either_second() -> re.Pattern:
    return re.compile(rf",?\s+soit\s+{_LEADS}(?:\d|(?:{'|'.join(_DATE_WORDS)})(?![a-z]))")


@cache
def _either_before() -> re.Pattern:
    return re.compile(r"(?<![a-z])soit\s+[^,;.:]{1,40}?,?\s+soit\s+\Z")


def _either(norm: str, start: int, end: int) -> list[re.Match]:
    """ "soit fin avril, soit mi-mai": a choice only when "soit" comes twice — once, "dans deux mois,
    soit le 21 juin", it means "that is" and says the same date again."""
    first = _either_first().search(norm, max(0, start - 8), start)
    second = _either_second().match(norm, end) if first else None
    if second:
        return [first, second]
    before = _either_before().search(norm, max(0, start - 60), start)
    return [before] if before else []
