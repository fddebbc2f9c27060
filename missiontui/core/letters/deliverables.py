"""What the letter asks for: every deliverable, dated or not, and the time expressions that are not
deadlines (past references, the letter's own date, vague words), set aside with the reason.

The rules read the way mission letters are written: one deadline per clause; "afin que" or a comma
starts another clause; a list introduced by "les trois objectifs … d'ici 2022, à savoir :" gives
each item that date; the kind comes from the words of the clause (a "point d'étape" is a
checkpoint, "remis" work a report, "décisions" a decision); the owners are the addressees, the
signatory when the letter says "je" or the deliverable is a decision, and the people the clause
names. A report comes after the latest checkpoint or report before it, a decision after the
latest report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from missiontui.core.dates import DateError, parse_due
from missiontui.core.dates.scan import scan
from missiontui.core.letters.layout import Layout, Unit
from missiontui.core.letters.proposal import LetterDate, ProposedDeliverable, Reference, SetAside
from missiontui.core.letters.text import capitalise, fold
from missiontui.core.model import Kind, Precision, Status

if TYPE_CHECKING:
    from missiontui.core.dates import Found

_KIND_WORDS = [  # checked in this order: the first kind whose words the clause holds
    (Kind.CHECKPOINT, r"point d'etape|point intermediaire|rapport d'etape|note d'etape|rapport intermediaire|"
                      r"etat d'avancement|premiers? (?:elements|constats|conclusions)|note de cadrage|"
                      r"point de situation|\b\w+ intermediaire\b|premiers? bilan|rapport provisoire|"
                      r"\binterim\b|progress report|scoping note|initial findings|first findings|draft report"),
    (Kind.DECISION, r"\bdecisions?\b|\barbitrages?\b|mis(?:e|es)? en (?:oe|œ)uvre|\bobjectifs?\b|\barret(?:er|ee?s?)\b|"
                    r"\btrancher\b|\bvalidation\b|\bobjectives?\b"),
    (Kind.REPORT, r"\brapports?\b|\bconclusions\b|\bpropositions\b|\brecommandations\b|\btravaux\b.{0,40}\bremis|"
                  r"\bremettre\b|\bremettrez\b|\bremise\b|\bfeuille de route\b|\bnote\b|\bsynthese\b|\betude\b|"
                  r"\blivre blanc\b|\bdiagnostic\b|\bavis\b|\bredaction\b|\bpresenterez\b|\btransmettrez\b|"
                  r"\bplan d'action\b|\bcontribution\b|\bproposerez\b|\bformulerez\b|\bbilan\b|\breports?\b|"
                  r"\brecommendations\b|\bfindings\b|\bproposals\b|\bsummary\b"),
    (Kind.MEETING, r"\breunion|\bcomite\b|\bseance\b|\blancement\b|\bseminaire\b|\bcolloque\b|\baudition|"
                   r"\brencontre\b|\bateliers?\b|\bconference\b|\bentretien\b|\breuni(?:r|rez|rai|ra|ront)\b|\bconvoquerez\b|"
                   r"\bassises\b|\brestitution\b|\bmeeting\b|\bworkshop\b|\bcommittee\b|\bhearing\b|\blaunch\b|"
                   r"\bseminar\b|\broundtable\b"),
]
_REQUEST = re.compile(
    r"\bvous\s+(?:me\s+|nous\s+|m'|lui\s+|leur\s+)?(?:ferez|remettrez|presenterez|transmettrez|adresserez|"
    r"proposerez|formulerez|etablirez|redigerez|organiserez|reunirez|joindrez|annexerez|communiquerez|produirez|"
    r"elaborerez|preparerez|soumettrez|rendrez|fournirez|dresserez)\b|"
    r"\bje vous demande (?:de|d')\s*(?:bien vouloir\s+)?(?:me\s+|m')?(?:remettre|faire|proposer|formuler|"
    r"transmettre|presenter|organiser|reunir|etablir|rediger|preparer|adresser)\b|"
    r"\bje souhaite (?:que vous (?:me\s+|m')?(?:remettiez|fassiez|proposiez|formuliez|transmettiez|presentiez|"
    r"organisiez|reunissiez|etablissiez|redigiez|prepariez|adressiez)|disposer|recevoir|etre destinataire)\b|"
    r"\byou will\s+(?:send|provide|submit|deliver|present|prepare|produce|organi[sz]e|draft|write|attach)\b|"
    r"\bplease\s+(?:send|provide|submit|attach|prepare|present)\b|"
    r"\bi would (?:like|be grateful if) you (?:to|could)\s+(?:send|provide|submit|deliver|present|prepare)\b")
_CONTENT_REQUEST = re.compile(r"\bpropos(?:erez|itions?|er|iez)\b|\brecommandations\b|\bformulerez\b|\banalyse\b|"
                              r"\brecommendations\b|\bproposals\b")
_BY_REFERENCE = re.compile(r"\b(?:joindrez|annexerez|ajouterez|joindre|annexer)\b.{0,80}?\b(?:a|en annexe (?:de|a)|avec)\s+"
                           r"(?:votre|vos|ce|cette|ces|le|la|les|l')\s*(?P<what>rapport d'etape|rapport|conclusions|note|"
                           r"propositions|feuille de route)"
                           r"|\b(?:attach|append|annex|enclose)\b.{0,80}?\b(?:to|with)\s+(?:your|the)\s+"
                           r"(?P<what2>(?:final |interim )?report|recommendations|note)")
_VAGUE = re.compile(r"\b(?:sans delai|le cas echeant|aujourd'hui|aujourd hui|des que possible|dans les meilleurs delais|"
                    r"rapidement|prochainement|a terme|en temps utile|ulterieurement|le moment venu|"
                    r"dans les (?:annees|mois) (?:recentes|recents|passees|passes)|depuis (?:\w+\s+){0,2}?"
                    r"(?:ans|annees|mois|semaines)|without delay|as soon as possible|where appropriate|in due course|"
                    r"if need be)\b")
_UNDATED_MARKER = re.compile(r"\b(?:le moment venu|en temps utile|ulterieurement|dans les meilleurs delais|"
                             r"des que possible|prochainement|a terme|in due course|as soon as possible)\b")
_DOCUMENT = re.compile(r"\b(?:decret|loi|ordonnance|arrete|circulaire|lettre|courrier|saisine|rapport|instruction|"
                       r"note|deliberation|avis|communication|message)s?\b[^,.;]{0,50}?\b(?:du|en date du)\s*$")
_CITING_LEAD = re.compile(r"(?:en date du|du)\s+")
# An event of the past named by its noun ("suite à mon allocution du 3 mai"): the dates package
# reads "lors de mon discours du …" but not every noun a letter uses.
_PAST_EVENT = re.compile(r"\b(?:discours|annonce|declaration|allocution|intervention|entretien|echange|visite|"
                         r"deplacement)s?\b[^,.;]{0,50}?\b(?:du|en date du)\s*$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NEXT = re.compile(r"\b(?:prochain|prochaine)\s*$")
_PAST_TENSE = re.compile(r"\b(?:ai|as|a|avons|avez|ont)\s+(?:(?:deja|bien|ete|pu|su|tous|toutes)\s+)?"
                         r"[a-z]{3,}(?:e|es|ee|ees|is|ise|it|ite|u|us|ue|ert|int)\b")
_EXTEND_BEFORE = re.compile(r"\b(?:d'ici|avant|pour|au plus tard|jusqu'(?:a|au))(?:\s+(?:la|le|l'|les|au|a la|a l'))?\s*$"
                            r"|\b(?:by|before|no later than|not later than|until)(?:\s+the)?\s*$")
_VERB_BEFORE = re.compile(r"(?:\b(?:doi(?:t|vent)|devr(?:a|ont|ait|aient)|pourr(?:a|ont))\s+[a-z]+|\b[a-z]{3,}"
                          r"(?:e|es|ee|ees|is|ise|ises|it|ite|u|ue|us|ues))\s+$")
_CLAUSE_BREAK = re.compile(r"[,;:]|\bafin (?:que|qu'|de|d')|\bpour que\b|\bde sorte que\b|\bainsi que\b|"
                           r"\bpour (?=[a-z]+(?:er|ir|re)\b)|\bet (?=vous\b|je\b|j'|nous\b)|\bpuis\b|"
                           r"\bso that\b|\bin order to\b|\band (?=you\b|your\b|i\b)|\bthen\b")
_FORMULAS = re.compile(r"\bje (?:souhaite|souhaiterais|desire|compte sur vous pour|tiens a ce que|vous demande|vous prie|"
                       r"vous saurais gre|vous serais reconnaissante?|vous remercie|vous invite|vous charge|vous confie)\b|"
                       r"\bj'(?:ai souhaite|attends|attache|insiste)\b|"
                       r"\bi (?:am writing to ask|would like|would be grateful|should be grateful|ask|look forward|"
                       r"invite|expect)\b")
_FIRST_PERSON = re.compile(r"\bje\s+(?!vous\b|te\b)[a-z]+|\bj'[a-z]+|\bi\s+(?:will|shall|intend to)\s+[a-z]+")
_ADDRESSED = re.compile(r"\bvous\b|\bvotre\b|\bvos\b|\byou\b|\byour\b")
_DISTRIBUTIVE = re.compile(r"\b(?:objectifs|livrables|etapes|jalons|documents|rapports|notes|chantiers|actions)\b|"
                           r"\bsuivante?s\b|\ba savoir\b")
_PRODUCT = re.compile(r"\b(?:premi(?:ere|er)s?\s+)?(?:point d'etape|rapport|note|propositions|conclusions|recommandations|"
                      r"travaux|feuille de route|reunion|comite|seminaire|decisions|lancement|synthese|etude|bilan|"
                      r"audition|seance|plan|restitution|synthese|annexe|mission|(?:interim |final |progress )?report|"
                      r"scoping note|note|summary|workshop|meeting|decisions|review)\b")
_TITLE_END = re.compile(r"\s(?:sera|seront|soit|soient|doit|doivent|devra|devront|puisse|puissent|que|qui|avant|"
                        r"d'ici|au plus tard|pour|me|vous|se|le moment venu|reunira|aura|auront|will|by|before|within|on)\b|[,;:]")


@dataclass(frozen=True)
class People:
    """Who can own a deliverable: the addressees (the lead first), the signatory, others named."""

    addressees: tuple[str, ...]
    signatory: str
    named: tuple[str, ...]


def find_deliverables(layout: Layout, signed: LetterDate | None, ref: date, reference: Reference | None,
                      people: People) -> tuple[list[ProposedDeliverable], list[SetAside]]:
    items: list[ProposedDeliverable] = [_mandate(layout, signed, reference, people)] if signed else []
    set_aside: list[SetAside] = []
    lead_ins = {u.lead_in for u in layout.units if u.lead_in}
    distributed: dict[str, list[Found]] = {}
    undated: list[Unit] = []
    for unit in layout.units:
        deadlines = _deadlines(unit.text, ref, signed, set_aside)
        if unit.text in lead_ins and deadlines and _DISTRIBUTIVE.search(fold(unit.text)):
            distributed[unit.text] = [f for f, _ in deadlines]
            continue
        if not deadlines and unit.lead_in in distributed:
            deadlines = [(f, False) for f in distributed[unit.lead_in][:1]]
            source_text = unit.lead_in
        else:
            source_text = unit.text
        request = not deadlines and bool(_REQUEST.search(fold(unit.text)))
        _note_vague(unit.text, set_aside, skip_marker=request)
        if not deadlines:
            if request:
                undated.append(unit)
            continue
        for found, done in _one_per_date(deadlines):
            items.append(_deliverable(unit, source_text, found, done, ref, people))
    for unit in undated:
        items = _add_undated(items, unit, people)
    order = {id(d): i for i, d in enumerate(items)}
    items.sort(key=lambda d: (d.due is None, d.due or date.max, order[id(d)]))
    return _dependencies_first(_with_dependencies(_with_keys(items))), set_aside


def _mandate(layout: Layout, signed: LetterDate, reference: Reference | None, people: People) -> ProposedDeliverable:
    english = any(line.startswith("Dear ") for line in layout.salutation)
    title = "Signed mission letter" if english else "Lettre de mission signée"
    if reference and reference.source == "pegase":
        title += f" (Pégase {reference.value})"
    return ProposedDeliverable(
        key="mandate", title=title, kind=Kind.MANDATE, due=signed.date, precision=Precision.DAY,
        phrase=signed.phrase, sentence=signed.phrase, owners=_some(people.signatory), status=Status.DONE,
        completed_on=signed.date, dated_by="letter")


def _deadlines(text: str, ref: date, signed: LetterDate | None, set_aside: list[SetAside]) -> list[tuple[Found, bool]]:
    """The sentence's dates that are deadlines, each with True for an event the letter reports as
    held; the others go to `set_aside` with the reason."""
    deadlines = []
    for found in _found(text, ref, set_aside):
        reason = _not_a_deadline(text, found, signed)
        if reason in ("", "done"):
            deadlines.append((found, reason == "done"))
        else:
            set_aside.append(_set_aside(text, found, reason, signed))
    return deadlines


def _some(name: str) -> tuple[str, ...]:
    return (name,) if name else ()


def _found(text: str, ref: date, set_aside: list[SetAside]) -> list[Found]:
    """Every date of the sentence, its relative phrases with their words ("sous un mois": the
    letter's wording). A phrase that cannot be read ("le 31/09/2022") is set aside and the rest of
    the sentence is read without it: one odd number must not hide the others."""
    found = []
    for f in scan(text, ref, keep_relative=True):
        if isinstance(f, DateError):
            words = getattr(f, "text", "") or ""
            set_aside.append(SetAside(words or text[:60], "unreadable", text))
        else:
            found.append(f)
    return found


def _one_per_date(deadlines):
    """"… d'ici 2022 (… d'ici 2022)": the same date twice in one sentence is one deliverable."""
    seen, out = set(), []
    for found, done in deadlines:
        key = (found.due.date, found.due.precision)
        if key not in seen:
            seen.add(key)
            out.append((found, done))
    return out


def _not_a_deadline(text: str, found: Found, signed: LetterDate | None) -> str:
    """"" for a deadline; "done" for an event the letter reports as held after its date; else why not.
    Whether the words point back or name a start is the dates package's answer (`Found.past`,
    `Found.deadline`); what the letter adds is its own date, the texts it cites, and the events it
    tells in the past after its date (the Prime Minister "a annoncé, le 13 février 2018", in a
    letter of 9 February)."""
    folded = fold(text)
    phrase = fold(found.due.phrase).strip()
    if re.fullmatch(r"aujourd'?\s?hui|today|demain|hier", phrase):
        return "vague"  # in a letter, "aujourd'hui" is "nowadays"
    if signed and found.due.date == signed.date and found.due.precision is Precision.DAY:
        return "letter-date"
    if found.past and (not found.deadline or signed):  # before the letter's date: not what it asks for
        return "document" if _cites_a_text(folded[:found.start], phrase) else "past"
    if not found.deadline:
        return "start"  # "à partir du 15 septembre": when something begins, not when it is due
    if _introduced_by(_PAST_EVENT, folded[:found.start], phrase) and not _NEXT.search(phrase):
        return "past"
    if _PAST_TENSE.search(_clause_around(folded, found.start, found.end)):
        has_year = _YEAR.search(found.due.phrase)
        return "done" if has_year and signed else "past"
    return ""


def _cites_a_text(before: str, phrase: str) -> bool:
    """ "le décret du 20 décembre 2019": the date of a text."""
    return _introduced_by(_DOCUMENT, before, phrase)


def _introduced_by(pattern: re.Pattern, before: str, phrase: str) -> bool:
    """Whether `pattern` ends where the date starts, whether the phrase took its "du" or not."""
    lead = _CITING_LEAD.match(phrase)
    return bool(pattern.search(before[-80:] + (lead[0] if lead else "")))


def _set_aside(text: str, found: Found, reason: str, signed: LetterDate | None) -> SetAside:
    """A date that is not a deadline, without the "du" that ties it to its noun (« 20 décembre 2019 »
    for "le décret du 20 décembre 2019", as the letter's own date reads)."""
    phrase = found.due.phrase
    lead = _CITING_LEAD.match(fold(phrase))
    phrase = phrase[len(lead[0]):] if lead else phrase
    day = found.due.date if found.due.precision is Precision.DAY and reason != "vague" else None
    if day and reason == "past" and signed and day > signed.date and not _YEAR.search(phrase):
        day = _year_before(day)  # told in the past: the dates package, with no word pointing back, read the next one
    return SetAside(phrase, reason, text, day)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _note_vague(text: str, set_aside: list[SetAside], skip_marker: bool) -> None:
    for m in _VAGUE.finditer(fold(text)):
        words = text[m.start():m.end()]
        if skip_marker and _UNDATED_MARKER.fullmatch(fold(words)):
            continue  # the phrase of an undated deliverable ("le moment venu")
        if any(fold(s.phrase) == fold(words) and s.sentence == text for s in set_aside):
            continue  # "aujourd'hui", already set aside as a date
        reason = "past" if fold(words).startswith(("depuis", "dans les")) else "vague"
        set_aside.append(SetAside(words, reason, text))


def _clause_around(folded: str, start: int, end: int) -> str:
    """The clause of the sentence that holds [start, end): between commas, "afin que"…; an incise
    (", le 13 février 2018,") stands for its whole sentence."""
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(folded)] + [len(folded)]
    left = max(c for c in cuts if c <= start)
    right = min(c for c in cuts if c >= end)
    clause = folded[left:right]
    if len(clause.strip(" ,;:")) - (end - start) < 12:
        return folded
    return clause


def _extended_phrase(text: str, found: Found, ref: date) -> str:
    """The deadline's words as a reader quotes them: with "d'ici" or "avant" before them, and the
    verb that makes "en septembre" a deadline ("remis en septembre 2022")."""
    folded = fold(text)
    start = found.start
    m = _EXTEND_BEFORE.search(folded[:start])
    if m:
        start = m.start()
    if folded[start:found.end].startswith("en "):
        v = _VERB_BEFORE.search(folded[:start])
        if v:
            start = v.start()
    if start == found.start and re.match(r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b",
                                         folded[start:found.end]) and folded[:start].endswith("le "):
        start -= 3  # "le mardi 16 janvier 2024"
    phrase = text[start:found.end].strip()
    if start == found.start:
        return found.due.phrase
    try:
        again = parse_due(phrase, ref)
    except DateError:
        return found.due.phrase
    same = (again.date, again.precision) == (found.due.date, found.due.precision)
    return phrase if same else found.due.phrase


def _kind(text: str) -> Kind:
    folded = fold(text)
    for kind, words in _KIND_WORDS:
        if re.search(words, folded):
            return kind
    return Kind.OTHER


def _owners(kind: Kind, clause_text: str, people: People) -> tuple[str, ...]:
    clause = _FORMULAS.sub(" ", fold(clause_text))
    if _FIRST_PERSON.search(clause) or kind is Kind.DECISION:
        return _some(people.signatory)
    named = tuple(p for p in people.named if re.search(r"\b" + re.escape(fold(p)) + r"\b", clause))
    if _ADDRESSED.search(clause) or kind in (Kind.REPORT, Kind.CHECKPOINT):
        return tuple(dict.fromkeys(people.addressees + named))
    return named


def _title(kind: Kind, clause_text: str, phrase: str, item: str = "") -> str:
    if item:
        text = re.sub(r"\s*\([^)]*\)", "", item).strip(" ;.,")
        return _trim(capitalise(text))
    folded = fold(clause_text)
    m = _PRODUCT.search(folded)
    start = m.start() if m else 0
    end_at = folded.find(fold(phrase), start) if phrase else -1
    end = _TITLE_END.search(folded, m.end() if m else start + 1)
    stops = [x for x in (end_at if end_at > start else None, end.start() if end else None) if x is not None]
    text = clause_text[start:min(stops)] if stops else clause_text[start:]
    text = re.sub(r"^(?:et|mais|puis|afin que|afin de|que)\s+", "", text.strip(" ,;:."), flags=re.I)
    return _trim(capitalise(text)) or kind.value


def _trim(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _deliverable(unit: Unit, source_text: str, found: Found, done: bool, ref: date,
                 people: People) -> ProposedDeliverable:
    phrase = _extended_phrase(source_text, found, ref)
    folded = fold(source_text)
    clause = _clause_around(folded, found.start, found.end)
    at = folded.find(clause)
    clause_text = source_text[at:at + len(clause)] if at >= 0 else source_text
    is_item = source_text != unit.text or bool(unit.lead_in)
    kind_text = f"{unit.lead_in} {unit.text}" if is_item else clause_text
    kind = Kind.MEETING if done and _kind(kind_text) is Kind.OTHER else _kind(kind_text)
    owners = () if done else _owners(kind, kind_text if is_item else clause_text, people)
    sentence = f"{unit.lead_in} {unit.text}".strip() if is_item else unit.text
    return ProposedDeliverable(
        key="", title=_title(kind, clause_text, found.due.phrase, unit.text if is_item else ""), kind=kind,
        due=found.due.date, precision=found.due.precision, phrase=phrase, sentence=sentence, owners=owners,
        status=Status.DONE if done else Status.PLANNED, completed_on=found.due.date if done else None)


def _add_undated(items: list[ProposedDeliverable], unit: Unit, people: People) -> list[ProposedDeliverable]:
    """A request without a date: dated by the deliverable it goes with ("vous joindrez à votre
    rapport …"), folded into the report it is the content of ("vous proposerez …"), or a
    deliverable to schedule."""
    folded = fold(unit.text)
    kind = _kind(unit.text)
    reports = [d for d in items if d.due and d.kind in (Kind.REPORT, Kind.CHECKPOINT) and d.status is Status.PLANNED]
    by_ref = _BY_REFERENCE.search(folded)
    if by_ref and reports:
        what = by_ref["what"] or by_ref["what2"]
        wanted = Kind.CHECKPOINT if "etape" in what or "interim" in what else Kind.REPORT
        target = max((d for d in reports if d.kind is wanted), key=lambda d: d.due, default=None) or reports[-1]
        item = ProposedDeliverable(
            key="", title=_title(kind, unit.text[by_ref.end():], ""), kind=kind if kind is not Kind.OTHER else Kind.REPORT,
            due=target.due, precision=target.precision, phrase=target.phrase, sentence=unit.text,
            owners=_owners(Kind.REPORT, unit.text, people), depends_on=(target.title,), dated_by="reference")
        return items + [item]
    marker = _UNDATED_MARKER.search(folded)
    plain_reports = [d for d in reports if d.kind is Kind.REPORT]
    if _CONTENT_REQUEST.search(folded) and not marker and plain_reports and not re.search(
            r"\b(?:rapport|note|reunion|comite)\b", folded):
        target = min(plain_reports, key=lambda d: d.due)
        return [replace(d, includes=d.includes + (unit.text,)) if d is target else d for d in items]
    kind = kind if kind is not Kind.OTHER else (Kind.MEETING if re.search(r"organiserez|reunirez", folded) else Kind.REPORT)
    item = ProposedDeliverable(
        key="", title=_title(kind, unit.text, ""), kind=kind, due=None, precision=None,
        phrase=unit.text[marker.start():marker.end()] if marker else "", sentence=unit.text,
        owners=_owners(kind, unit.text, people), dated_by="none")
    return items + [item]


def _with_keys(items: list[ProposedDeliverable]) -> list[ProposedDeliverable]:
    counts: dict[str, int] = {}
    keyed = []
    for d in items:
        counts[d.kind.value] = counts.get(d.kind.value, 0) + 1
        key = d.kind.value if counts[d.kind.value] == 1 else f"{d.kind.value}-{counts[d.kind.value]}"
        keyed.append(replace(d, key=key))
    by_title = {d.title: d.key for d in keyed}
    return [replace(d, depends_on=tuple(by_title.get(t, t) for t in d.depends_on)) for d in keyed]


def _with_dependencies(items: list[ProposedDeliverable]) -> list[ProposedDeliverable]:
    """A report after the latest checkpoint or report due before it; a decision after the latest
    report due on or before it. Dates tie: the one the letter names last."""
    out = []
    for d in items:
        if d.depends_on or d.due is None or d.status is Status.DONE:
            out.append(d)
            continue
        if d.kind is Kind.REPORT:
            earlier = [e for e in items if e.due and e.due < d.due and e.kind in (Kind.REPORT, Kind.CHECKPOINT)
                       and e.status is Status.PLANNED and e.dated_by != "reference"]
        elif d.kind is Kind.DECISION:
            earlier = [e for e in items if e.due and e.due <= d.due and e.kind is Kind.REPORT
                       and e.status is Status.PLANNED and e.dated_by != "reference"]
        else:
            earlier = []
        if earlier:
            latest = max(earlier, key=lambda e: (e.due, items.index(e)))
            d = replace(d, depends_on=(latest.key,))
        out.append(d)
    return out


def _dependencies_first(items: list[ProposedDeliverable]) -> list[ProposedDeliverable]:
    """Date order, except that a deliverable never comes before one it depends on (three decisions
    "d'ici 2022" come after the 2018-2022 roadmap the letter names later), so the proposal can be
    created in one pass."""
    out: list[ProposedDeliverable] = []
    placed: set[str] = set()
    remaining = list(items)
    while remaining:
        ready = next((d for d in remaining if set(d.depends_on) <= placed), remaining[0])
        out.append(ready)
        placed.add(ready.key)
        remaining.remove(ready)
    return out
