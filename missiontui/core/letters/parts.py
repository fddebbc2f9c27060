"""Who and when: the letter's date, reference, authority, signatory, addressees, the people and
bodies it names, and a title and summary for the mission."""

from __future__ import annotations

import re
from datetime import date

from missiontui.core.dates import DateError, find_all
from missiontui.core.letters.bodies import BODIES, HEAD_NOUNS, NAMED_BODIES
from missiontui.core.letters.layout import CIVILITY, Layout, Unit, is_address_like
from missiontui.core.letters.proposal import Addressee, Body, LetterDate, NamedPerson, Reference
from missiontui.core.letters.text import capitalise, fold, is_caps_word, person_name, title_case_authority
from missiontui.core.model import Precision

# --- the letter's date -------------------------------------------------------------------------

_HAS_YEAR = re.compile(r"(?:19|20)\d\d|\d{1,2}[./-]\d{1,2}[./-]\d\d\b")
_PLACE_LINE = re.compile(r"^(?:fait\s+a\s+)?[a-z][a-z' -]{1,40}?\s*,\s*(?:le\s+)?(?P<date>.{5,60})$")
_DATE_LINE = re.compile(r"^(?:le\s+)?(?P<date>(?:[a-z]+\s+)?\d.{4,40})$")
_HEADING_BEFORE = re.compile(r"\b(?:lettre|courrier|objet)\b.{0,80}?(?:\b(?:du|en date du|le)|[-:,])\s*$")
_INTRODUCED = re.compile(r"(?:en date du|du|le)\s+")
_SENTENCE_BEFORE = re.compile(r"\b(?:presente(?:\s+lettre)?|ce courrier|cette lettre)\b[^.]{0,40}?\b(?:en date du|du|ce)\s*$")


def letter_date(layout: Layout) -> LetterDate | None:
    """The letter's date, in the first form found: a "Paris, le …" line (at the top or above the
    signature), a line holding only a date, a heading ("Lettre de mission du …"), a transmission
    sentence ("la présente lettre, en date du …"). A date without a year is never the letter's."""
    outside = list(layout.heading) + list(layout.signature)
    for line in outside:
        found = _day_in(line, _PLACE_LINE)
        if found:
            return LetterDate(found, line.strip(" .*"), "place-line")
    for line in outside:
        found = _day_in(line, _DATE_LINE)
        if found:
            return LetterDate(found, line.strip(" .*"), "date-line")
    for line in layout.heading:
        found = _day_after(line, _HEADING_BEFORE)
        if found:
            return LetterDate(*found, "heading")
    for unit in layout.units:
        found = _day_after(unit.text, _SENTENCE_BEFORE)
        if found:
            return LetterDate(*found, "sentence")
    return None


def _day_after(text: str, before: re.Pattern) -> tuple[date, str] | None:
    """The first full date (day and year) of `text` that the words before it introduce, and its
    words without them ("Lettre de mission du 8 janvier 2024": « 8 janvier 2024 »)."""
    folded = fold(text)
    for found in _safe_find(text):
        lead = _INTRODUCED.match(folded, found.start)
        start = lead.end() if lead else found.start  # a phrase may hold the "du" that introduces it
        if found.due.precision is Precision.DAY and _HAS_YEAR.search(found.due.phrase) and \
                before.search(folded[:start]):
            return found.due.date, text[start:found.end]
    return None


def _day_in(line: str, pattern: re.Pattern) -> date | None:
    """The date of a line made of a date ("Paris, le 21 avril 2022", "Le 3 mai 2023")."""
    folded = fold(line)
    m = pattern.match(folded.strip(" .*"))
    if not m:
        return None
    start = m.start("date") + (len(folded) - len(folded.lstrip(" .*")))
    part = line[start:start + 60]
    try:
        found = find_all(part, date(2000, 1, 1))
    except DateError:
        return None
    if not found or found[0].start > 3 or found[0].due.precision is not Precision.DAY:
        return None
    if not _HAS_YEAR.search(found[0].due.phrase):
        return None
    return found[0].due.date


def _safe_find(text: str):
    try:
        return find_all(text, date(2000, 1, 1))
    except DateError:
        return []


# --- reference ---------------------------------------------------------------------------------

_PEGASE_NUMBER = r"[A-Z]-\d{2}-\d{4,7}"
_PEGASE = re.compile(rf"P[ée]gase\s*(?:n[°o]\s*)?:?\s*(?P<ref>{_PEGASE_NUMBER})\b|(?<![\w/-])(?P<bare>{_PEGASE_NUMBER})(?![\w/-])",
                     re.IGNORECASE)
_OUR_REF = re.compile(r"^(?:N\s*/\s*R[ée]f|Nos?\s+r[ée]f(?:[ée]rences?)?|Our\s+ref(?:erence)?|R[ée]f(?:[ée]rence)?s?)\b\.?\s*:?\s*(?P<ref>.+)$",
                      re.IGNORECASE)


_THEIR_REF = re.compile(r"^(?:V\s*/\s*R[ée]f|Vos?\s+r[ée]f|Votre\s+r[ée]f|Your\s+ref)", re.IGNORECASE)


def reference(layout: Layout) -> Reference | None:
    """The letter's own number: Pégase ("D-22-010393"), or what follows "N/Réf." or "Réf. :".
    "V/Réf." is the addressee's number, not the letter's."""
    for line in layout.heading + layout.signature:
        if _THEIR_REF.match(line):
            continue
        m = _PEGASE.search(line)
        if m:
            return Reference(m["ref"] or m["bare"], "pegase", line.strip())
    for line in layout.heading:
        m = _OUR_REF.match(line)
        if not m:
            continue
        token = m["ref"].split()[0].rstrip(".,;")
        if any(c.isdigit() for c in token) or "/" in token:
            source = "pegase" if re.fullmatch(_PEGASE_NUMBER, token) else "our-reference"
            return Reference(token, source, line.strip())
    return None


def derived_reference(title: str, signed: LetterDate | None) -> Reference:
    """No number on the letter: the acronym of its subject and its date ("STSS-2018-02-09")."""
    acronym = next((w.strip("()«»,") for w in title.split() if is_caps_word(w.strip("()«»,"))
                    and len(w.strip("()«»,")) <= 8), "LETTRE")
    return Reference(f"{acronym}-{signed.date.isoformat()}" if signed else acronym, "derived", "")


# --- authority and signatory -------------------------------------------------------------------

_AUTHORITY_START = re.compile(r"^(?:minist[eè]re|premier ministre|secr[ée]tariat|assembl[ée]e nationale|s[ée]nat\b|"
                              r"pr[ée]sidence|cour des comptes|ambassade|pr[ée]fecture|haut[- ]commissariat)", re.I)
_MOTTO = re.compile(r"^(?:r[ée]publique fran[cç]aise|libert[ée]|[ée]galit[ée]|fraternit[ée])\b", re.I)
_ROLE_LINE = re.compile(r"^(?:Le|La|L['’])\s*(?:(?:Premier|Première|Haut|Haute|Vice-)\s*)?[A-ZÉa-zé][\w'’ -]{2,80}?,?$")


def authority(layout: Layout) -> str:
    """The ministry (or office) at the top: its lines in capitals joined, in usual case. Without a
    known opening word, the first heading line in capitals ("HM TREASURY")."""
    lines = [line for line in layout.heading if not _MOTTO.match(line)]
    if not any(_AUTHORITY_START.match(line) for line in lines):
        first = next((line for line in lines if is_caps_word(line.replace(" ", "")) and not _PEGASE.search(line)
                      and not _OUR_REF.match(line)), "")
        return title_case_authority(first)
    for i, line in enumerate(lines):
        if _AUTHORITY_START.match(line):
            parts = [line]
            for following in lines[i + 1:]:
                if is_caps_word(following.replace(" ", "")) and not _PEGASE.search(following):
                    parts.append(following)
                else:
                    break
            return title_case_authority(" ".join(parts))
    return ""


def signatory(layout: Layout, authority_name: str) -> NamedPerson:
    """The name under the closing formula, and the title above it ("Le Préfet de …,"), below it
    ("Chancellor of the Exchequer") or at the top of the letter ("La Ministre")."""
    name, title = "", ""
    lines = [re.sub(r"^(?:sign[ée]\s*:?\s*|\(sign[ée]\)\s*|signed\s*:?\s*)", "", line, flags=re.I).strip()
             for line in layout.signature]
    at = next((i for i in range(len(lines) - 1, -1, -1) if _looks_like_name(lines[i])), None)
    if at is not None:
        name = person_name(lines[at].split())
        below = lines[at + 1] if at + 1 < len(lines) else ""
        above = lines[at - 1] if at > 0 else ""
        if below and not is_address_like(below) and not _safe_find(below):
            title = below
        elif _ROLE_LINE.match(above):
            title = above
    if not title:
        title = next((line for line in layout.signature + layout.heading
                      if _ROLE_LINE.match(line) and not _AUTHORITY_START.match(line) and len(line.split()) <= 8
                      and not _looks_like_name(line)), "")
    title = re.sub(r"^(?:Le|La|L['’])\s*", "", title.rstrip(",")).strip()
    title = capitalise(title)
    if title.lower() == "ministre" and authority_name.lower().startswith("ministère"):
        title = title + authority_name[len("Ministère"):]
    return NamedPerson(name, title)


_NAME_WORD = re.compile(r"^(?:[A-ZÉÈÀÂÎÔÛÇ][\w'’-]*|de|du|d'|le|la|van|von)$")


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and \
        not re.match(r"^(?:le|la|l['’]|les|the)\b", line, re.I) and \
        any(is_caps_word(w) for w in words) and not any(c.isdigit() for c in line) and \
        not _AUTHORITY_START.match(line) and not _MOTTO.match(line)


# --- addressees --------------------------------------------------------------------------------

_CIVILITY_LINE = re.compile(rf"^(?:[àa] l['’]attention de\s+)?(?P<civ>{CIVILITY})\s+(?P<rest>.+)$", re.I)


def addressees(layout: Layout) -> tuple[tuple[Addressee, ...], str]:
    """The addressees in the salutation's order, and the mission's lead: the first on the letter."""
    found: list[Addressee] = []
    genders: list[str] = []
    for block in layout.blocks:
        m = _CIVILITY_LINE.match(block[0])
        if not m:
            continue
        rest = m["rest"].strip()
        title_lines = []
        for line in block[1:]:
            if is_address_like(line) or re.match(r"^\d", line):
                break
            title_lines.append(line.rstrip(","))
        if re.match(r"^(?:l[ea]\s|l['’]|les\s)", rest, re.I):
            name, title = "", capitalise(re.sub(r"^(?:l[ea]\s+|l['’]\s*|les\s+)", "", rest, flags=re.I))
            title = _joined([title] + title_lines)
        else:
            name, title = person_name(rest.split()), _joined(title_lines)
        found.append(Addressee(name, capitalise(title)))
        genders.append("f" if fold(m["civ"]).startswith(("madame", "mme", "mlle", "mademoiselle", "ms", "mrs", "miss",
                                                         "dame")) else "m")
    lead = found[0].owner if found else ""
    order = _salutation_order(layout.salutation, found, genders)
    return tuple(found[i] for i in order), lead


def _joined(lines: list[str]) -> str:
    """Title lines of an address block: a line cut mid-phrase ("… directeur général de la" /
    "Clinique Pasteur") goes on; a new line that starts a new item ("Assemblée nationale") is one."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif line[:1].islower() or re.search(r"\b(?:de|du|des|la|le|les|l['’]|à|au|aux|et|d['’]|en|pour)$", out):
            out += " " + line
        else:
            out += ", " + line
    return out


def _salutation_order(salutation, found, genders) -> list[int]:
    """"Madame la Directrice déléguée, Monsieur le Président," puts the directrice first."""
    greetings = [re.sub(r"^Dear\s+", "", g.strip()) for line in salutation for g in re.split(r",\s*", line) if g.strip()]
    rank = {}
    for i, addressee in enumerate(found):
        for j, greeting in enumerate(greetings):
            words = fold(re.sub(rf"^{CIVILITY}\s+(?:l[ea]\s+|l['’])?", "", greeting.strip(), flags=re.I)).split()
            gender = "f" if fold(greeting).startswith(("madame", "mademoiselle", "ms", "mrs", "miss", "dame")) else "m"
            said = " ".join(words)
            matches = fold(addressee.title).startswith(said) or (addressee.name and fold(addressee.name).endswith(said))
            if words and matches and gender == genders[i] and j not in rank.values():
                rank[i] = j
                break
    return sorted(range(len(found)), key=lambda i: (rank.get(i, len(greetings) + i), i))


# --- people and bodies named in the text -------------------------------------------------------

_GIVEN = r"[A-ZÉÈÀÂÎÔ][a-zàâäéèêëîïôöùûüç]+(?:-[A-ZÉÈ][a-zàâäéèêëîïôöùûüç]+)?"
_SURNAME = r"(?:(?:de|du|d'|le|la|van|von)\s+)?[A-ZÉÈÀÂÎÔ][\w’'-]*[\w]"
_ROLE_WORDS = ("responsable", "delegue", "directeur", "directrice", "president", "vice-president", "chef", "cheffe",
               "inspecteur", "inspectrice", "conseiller", "conseillere", "depute", "deputee", "senateur",
               "senatrice", "prefet", "prefete", "secretaire", "ministre", "maire", "professeur", "professeure",
               "docteur", "charge", "chargee", "administrateur", "administratrice", "controleur", "rapporteur",
               "rapporteure", "mediateur", "mediatrice", "coordonnateur", "coordonnatrice", "haut", "haute", "magistrat", "magistrate",
               "membre", "ambassadeur", "ambassadrice", "ingenieur", "ingenieure", "economiste", "medecin")
_APPOSITION = re.compile(rf"(?P<name>{_GIVEN}\s+{_SURNAME}),\s+(?P<role>[a-zàâäéèêëîïôöùûüç][^,;.()]{{3,120}}"
                         r"(?:,\s+(?:de|du|des|d['’])\s*[^,;.()]{1,80})*)")
_WITH_CIVILITY = re.compile(rf"\b(?:M\.|Mme|Monsieur|Madame|Mr|Mrs|Ms|Dr)\s+(?P<name>{_GIVEN}\s+{_SURNAME})")
_CAPS_SURNAME = re.compile(rf"\b(?P<name>{_GIVEN}\s+(?:(?:de|du|le|la)\s+)?[A-ZÉÈÀÂÎÔ]{{2,}}(?:-[A-ZÉÈ]{{2,}})?)\b")


def canonical_name(name: str, known: list[str]) -> str:
    """The spelling of a known person when the letter writes them in capitals without accents."""
    key = _name_key(name)
    return next((k for k in known if _name_key(k) == key), name)


def _name_key(name: str) -> str:
    return re.sub(r"[\s'’-]", "", fold(name))


def people_in_text(units: tuple[Unit, ...], known: list[str]) -> list[NamedPerson]:
    found: dict[str, NamedPerson] = {}
    text = "\n".join(u.text for u in units)
    folded = fold(text)
    for name in known:  # people the database or the letter's blocks already know
        if _name_key(name) and re.search(r"\b" + re.escape(fold(name)) + r"\b", folded):
            found.setdefault(_name_key(name), NamedPerson(name))
    for m in _APPOSITION.finditer(text):
        if fold(m["role"]).split()[0].startswith(_ROLE_WORDS):
            name = canonical_name(person_name(m["name"].split()), known)
            found[_name_key(name)] = NamedPerson(name, capitalise(m["role"].strip()))
    for pattern in (_WITH_CIVILITY, _CAPS_SURNAME):
        for m in pattern.finditer(text):
            name = canonical_name(person_name(m["name"].split()), known)
            found.setdefault(_name_key(name), NamedPerson(name))
    return sorted(found.values(), key=lambda p: _first_index(folded, p.name))


def _first_index(folded: str, name: str) -> int:
    i = folded.find(fold(name))
    return i if i >= 0 else len(folded)


_ACRONYM = re.compile(r"(?<![\w-])(?P<acr>[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)?)(?![\w'’-])")
_KNOWN_ACRONYMS = {fold(k): k for k in BODIES}


def bodies_in_text(units: tuple[Unit, ...]) -> list[Body]:
    """Bodies in the order the letter first names them: acronyms (with the letter's definition or
    the table's name) and bodies written out in words. Programmes in quotes and acronyms the letter
    defines as something other than a body ("dossier médical partagé (DMP)") are left out."""
    text = "\n".join(u.text for u in units)
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    found: list[tuple[int, Body]] = []
    seen: set[str] = set()
    by_name = {fold(v): k for k, v in BODIES.items()}
    for name in sorted(set(NAMED_BODIES) | {k for k in BODIES if " " in k} | set(BODIES.values()), key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(fold(name)) + r"(?!\w)", folded):
            if any(s <= m.start() < e for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            acronym = name if name in BODIES else by_name.get(fold(name), "")
            key = fold(acronym or name)
            if key not in seen:
                seen.add(key)
                found.append((m.start(), Body(acronym, BODIES[acronym]) if acronym else Body("", name)))
    quoted = [(m.start(), m.end()) for m in re.finditer(r"«[^»]{0,80}»", text)]
    for m in _ACRONYM.finditer(text):
        acr = m["acr"]
        if any(s <= m.start() < e for s, e in spans + quoted) or sum(c.isupper() for c in acr) < 2 or \
                re.search(r"\bart(?:icle)?s?\.?\s*$", folded[max(0, m.start() - 12):m.start()]):
            continue
        if not acr[1:].replace("-", "").isupper() and fold(acr) not in _KNOWN_ACRONYMS:
            continue  # "PariSanté", "HOPEn": a word with capitals, not an acronym
        canonical = _KNOWN_ACRONYMS.get(fold(acr), acr)
        if fold(canonical) in seen:
            continue
        if canonical in BODIES and fold(BODIES[canonical]) in seen:  # "Agence du numérique en santé (ANS)"
            found = [(at, Body(canonical, b.name) if fold(b.name) == fold(BODIES[canonical]) and not b.acronym else b)
                     for at, b in found]
            seen.add(fold(canonical))
            continue
        definition = _definition(text, m.start())
        if canonical in BODIES:
            body = Body(canonical, BODIES[canonical])
        elif definition is None:
            body = Body(canonical, "")
        elif definition:
            body = Body(canonical, capitalise(definition))
        else:
            continue  # defined, but not as a body
        seen.add(fold(canonical))
        found.append((m.start(), body))
    return [b for _, b in sorted(found, key=lambda x: x[0])]


def _definition(text: str, at: int) -> str | None:
    """For "la délégation à la stratégie des systèmes d'information (DSSIS)": the body's name; ""
    when the words before the parenthesis are not a body's; None when there is no definition."""
    if at == 0 or text[at - 1] != "(":
        return None
    words = text[max(0, at - 160):at - 1].split()[-12:]
    for i in range(len(words)):
        if fold(" ".join(words[i:])).startswith(HEAD_NOUNS):
            return " ".join(words[i:]).strip()
    return ""


# --- title and summary -------------------------------------------------------------------------

_OBJECT = re.compile(r"^objet\s*:\s*(?P<what>.+)$")
_CONSULTATION = re.compile(r"\bconsultation\b[^«]{0,60}?\bsur le theme\s+«\s*(?P<theme>[^»]+?)\s*»")
_MISSION_OF = re.compile(r"\bmission\s+(?:(?:temporaire|conjointe|interministerielle|flash)\s+)?d'(?P<what>(?:appui|evaluation|"
                         r"expertise|inspection|audit|etude|conseil|controle|reflexion|preparation|animation|"
                         r"accompagnement|information|coordination|prefiguration)\s[^.]+)")
_MISSION_ON = re.compile(r"\bmission\s+(?:(?:temporaire|conjointe|interministerielle|flash)\s*)?(?:[^.]{0,100}?,\s*)?(?:visant\s+a|ayant\s+pour\s+objet\s+(?:de\s+|d')?|"
                         r"relative\s+(?:a|aux|au)|portant\s+sur|consacree\s+a|d'evaluation\s+(?:de|du|des)|sur)\s+"
                         r"(?P<what>[^.]+)")
_REVIEW = re.compile(r"\b(?:lead|conduct|carry out|undertake|chair)\s+(?:an?|the)\s+(?P<what>(?:[a-z-]+\s+){0,2}?"
                     r"(?:review|evaluation|inquiry|study|assessment|audit)\b[^.]*)")
_DO = re.compile(r"^(?:faire|conduire|realiser|mener|dresser|etablir|proceder a)\s+(?:un|une|le|la|l'|les|des)\s*")
_NOMINAL = {"evaluer": "Évaluation de", "examiner": "Examen de", "analyser": "Analyse de", "etudier": "Étude de",
            "identifier": "Identification de", "definir": "Définition de", "preparer": "Préparation de",
            "proposer": "Propositions pour", "expertiser": "Expertise de", "simplifier": "Simplification de",
            "reformer": "Réforme de", "ameliorer": "Amélioration de", "renforcer": "Renforcement de"}
_CUT = re.compile(r",|;|\(|\bafin\b|\ben termes de\b|\bpermettant\b| :")
_LEADING_ARTICLE = re.compile(r"^(?:l['’]|le |la |les |un |une |des |du |de la |de l['’])", re.I)
_PREP_BEFORE = re.compile(r"(?:\b(?:de la|de l['’]|du|des|de)\s*)$")


def mission_title(layout: Layout, bodies: list[Body]) -> tuple[str, str]:
    """A title for the mission and the sentence it comes from ("" when made up from the date)."""
    for line in layout.heading:
        m = _OBJECT.match(fold(line))
        if m:
            what = line[m.start("what"):]
            what = re.sub(r"^lettre de mission(?:\s+(?:du|en date du)\s+[^–—:-]+)?\s*[-:–—,]?\s*"
                          r"(?:relative\s+[àa]\s+|sur\s+|portant\s+sur\s+)?", "", what, flags=re.I).strip(" .")
            if what:
                return capitalise(_LEADING_ARTICLE.sub("", what)), line
    for unit in layout.units:
        m = _CONSULTATION.search(fold(unit.text))
        if m:
            theme = unit.text[m.start("theme"):m.end("theme")]
            acronym = next((a for u in layout.units if "consultation" in fold(u.text) and u is not unit
                            for a in re.findall(r"\(([A-Z]{2,})\)", u.text)), "")
            return f"Consultation {acronym + ' ' if acronym else ''}« {theme} »", unit.text
    for unit in layout.units:
        m = _REVIEW.search(fold(unit.text))
        if m:
            what = unit.text[m.start("what"):]
            cut = _CUT.search(fold(what))
            return _trim(capitalise(what[:cut.start()] if cut else what)), unit.text
    for unit in layout.units:
        m = _MISSION_OF.search(fold(unit.text))
        if m:
            what = unit.text[m.start("what"):]
            cut = _CUT.search(fold(what))
            return _trim(capitalise(what[:cut.start()] if cut else what)), unit.text
    for unit in layout.units:
        folded = fold(unit.text)
        m = _MISSION_ON.search(folded)
        if not m:
            continue
        what, fwhat = unit.text[m.start("what"):], folded[m.start("what"):]
        cut = _CUT.search(fwhat)
        if cut:
            what, fwhat = what[:cut.start()].strip(), fwhat[:cut.start()].strip()
        verb = re.match(r"^(\w+)\s+", fwhat)
        do = _DO.match(fwhat)
        if do:
            what, fwhat = what[do.end():], fwhat[do.end():]
        elif verb and verb.group(1) in _NOMINAL:
            rest = what[verb.end():]
            return _trim(f"{_NOMINAL[verb.group(1)]} {_LEADING_ARTICLE.sub(lambda a: a.group(0).lower(), rest)}"), unit.text
        else:
            what = _LEADING_ARTICLE.sub("", what)
        return _trim(capitalise(_with_body(what, bodies))), unit.text
    return "", ""


def _with_body(what: str, bodies: list[Body]) -> str:
    """"bilan d'étape de l'action de la DNS" → "bilan d'étape de la Délégation … (DNS)": the
    subject noun and the first body it is about, spelt out."""
    for body in bodies:
        if not body.acronym or not body.name:
            continue
        m = re.search(r"(?<![\w-])" + re.escape(body.acronym) + r"(?![\w-])", what)
        if not m:
            continue
        head = re.match(r"^(.+?)\s+(?:de la|de l['’]|du|des|d['’]|de)\s", what)
        article = re.search(r"\b(la|le|l['’]|les)\s*$", what[:m.start()])
        if not head:
            return what
        prep = {"la": "de la ", "le": "du ", "les": "des "}.get(article.group(1) if article else "", "de l'"
                                                                   if article else "de ")
        return f"{head.group(1)} {prep}{body.name} ({body.acronym})"
    return what


def _trim(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).rstrip(" .,;:")
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


_SUMMARY = re.compile(r"\b(?:lead|conduct|carry out|undertake)\s+(?:an?|the)\s+(?:[a-z-]+\s+){0,2}?review\b|"
                      r"\bmission\s+(?:visant|ayant pour objet|relative|portant|consacree|d'evaluation)|"
                      r"\bvous (?:soit|est) confie|\bvous confier\b|\bobjectif principal\b|\bvous proposerez\b|"
                      r"\bvous etes charge|\bje vous charge\b|\bje vous confie\b")


def summary(layout: Layout, bodies: list[Body]) -> str:
    said = [u.text for u in layout.units if _SUMMARY.search(fold(u.text))][:3]
    text = " ".join(said)
    named = [b.acronym or b.name for b in bodies]
    if named:
        text += f" Organismes cités : {', '.join(named)}."
    return text.strip()
