"""A bulk load takes a fast path for lines as a machine writes them (issue 14: a million lines) and
the full checks for anything else. Whichever path a line takes, it must land the same: the same
stored values, the same history, the same problems named by line. These files mix both kinds of
line; the expectations are what the user wrote, read as a person would."""

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.core.errors import InvalidInput
from missiontui.core.model import DeliverableFilter, Kind, Owner, Precision, Status
from missiontui.core.rules import MAX_TEXT, clean_text, is_clean
from missiontui.usecases import imports
from missiontui.usecases.inputs import find_person

DNS = "D-22-010393"
ANNELORE, LAURA = "Annelore Coury", "Laura Létourneau"
TODAY = date(2022, 5, 16)  # conftest pins it


def plain(title: str, **fields) -> dict:
    """A line as `list --json` or a script writes it: every field, stored spellings, text trimmed."""
    return {"mission": DNS, "title": title, "kind": "report", "due": "2022-09-30", "precision": "end-of-month",
            "phrase": "fin septembre", "status": "in-progress", "notes": "Salle 4",
            "owners": [{"name": ANNELORE, "lead": True}, {"name": LAURA, "lead": False}],
            "completed_on": None} | fields


def load(cli, tmp_path, records, *args):
    path = tmp_path / "load.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return cli("import", str(path), "--json", *args)


def stored(d) -> tuple:
    return (d.title, d.kind, (d.due.date, d.due.precision, d.due.phrase) if d.due else None, d.status, d.notes,
            [(o.name, o.lead) for o in d.owners], d.completed_on, d.recurrence)


def test_plain_and_hand_written_lines_land_as_the_user_wrote_them(seeded, cli, tmp_path):
    end_sept = (date(2022, 9, 30), Precision.END_OF_MONTH, "fin septembre")
    records = [
        plain("Rapport d'étape"),
        # the same deliverable typed by hand: spaces, French words, a phrase, owners as names
        {"mission": "d-22-010393", "title": "  Rapport d'étape ", "kind": "rapport", "due": "fin septembre 2022",
         "phrase": "fin septembre", "status": "en cours", "notes": "Salle 4  ", "owners": [ANNELORE, LAURA]},
        plain("Remis", status="done", due="2022-05-10", precision="day", phrase="2022-05-10",
              completed_on="2022-05-09"),
        plain("Remis sans date d'achèvement", status="done", completed_on=None),  # done today
        plain("Deux pilotes cochés", owners=[{"name": LAURA, "lead": True}, {"name": ANNELORE, "lead": True}]),
        plain("Pilote nommé", lead=LAURA),  # "lead" names Laura though Annelore is ticked
        plain("Une personne, deux noms", owners=[{"name": LAURA, "lead": True}, {"name": "Laura"}]),
        plain("Sans responsable ni date", due=None, owners=[], notes=None),
        plain("Réunion hebdomadaire", kind="meeting", due="2022-06-01", precision="day", phrase="",
              recurrence="freq=weekly"),
        plain("Avec un UID", uid="script-1@example.org", lead=ANNELORE),
        plain("Sans pilote coché", owners=[{"name": LAURA}, {"name": ANNELORE}]),  # the first leads
        plain("Notes à nettoyer", notes="  Salle 4\n"),
        plain("Même jour, autres mots", phrase="30 septembre"),
        plain("Même jour, mots à nettoyer", phrase=" fin septembre "),
    ]
    result = load(cli, tmp_path, records)
    assert result.code == 0, result.err
    created = result.json()["created"]
    assert len(created) == len(records)
    found = [seeded.store.deliverable(i) for i in created]
    team = [(ANNELORE, True), (LAURA, False)]  # the lead is listed first
    laura_leads = [(LAURA, True), (ANNELORE, False)]
    expected = [
        ("Rapport d'étape", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", team, None, ""),
        ("Rapport d'étape", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", team, None, ""),
        ("Remis", Kind.REPORT, (date(2022, 5, 10), Precision.DAY, "2022-05-10"), Status.DONE, "Salle 4", team,
         date(2022, 5, 9), ""),
        ("Remis sans date d'achèvement", Kind.REPORT, end_sept, Status.DONE, "Salle 4", team, TODAY, ""),
        ("Deux pilotes cochés", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", laura_leads, None, ""),
        ("Pilote nommé", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", laura_leads, None, ""),
        ("Une personne, deux noms", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", [(LAURA, True)], None, ""),
        ("Sans responsable ni date", Kind.REPORT, None, Status.IN_PROGRESS, "", [], None, ""),
        ("Réunion hebdomadaire", Kind.MEETING, (date(2022, 6, 1), Precision.DAY, ""), Status.IN_PROGRESS, "Salle 4",
         team, None, "FREQ=WEEKLY"),
        ("Avec un UID", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", team, None, ""),
        ("Sans pilote coché", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", laura_leads, None, ""),
        ("Notes à nettoyer", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", team, None, ""),
        ("Même jour, autres mots", Kind.REPORT, (date(2022, 9, 30), Precision.END_OF_MONTH, "30 septembre"),
         Status.IN_PROGRESS, "Salle 4", team, None, ""),
        ("Même jour, mots à nettoyer", Kind.REPORT, end_sept, Status.IN_PROGRESS, "Salle 4", team, None, ""),
    ]
    for record, deliverable, wanted in zip(records, found, expected):
        assert (deliverable.mission_ref, stored(deliverable)) == (DNS, wanted), record["title"]
    assert found[9].uid == "script-1@example.org"
    for deliverable in found:  # a create's history holds its title, whichever path it took
        history = seeded.store.history("deliverable", deliverable.id)
        assert [(h.action, h.after) for h in history] == [("create", {"title": deliverable.title})]


def test_bad_lines_are_named_by_line_among_plain_ones(seeded, cli, tmp_path):
    before = seeded.store.count_deliverables(DeliverableFilter(include_deleted=True))
    records = [
        plain("Bon"),
        plain("Notes pas du texte", notes=0),
        plain("Achevé sans être fait", completed_on="2022-05-01"),
        plain("Date d'achèvement impossible", status="done", completed_on="2022-13-01"),
        plain("Titre avec NUL\x00"),
        plain("Responsable sans nom", owners=[{"name": "  ", "lead": True}]),
        plain("Responsable inconnu", owners=[{"name": "Nobody Known", "lead": True}]),
        plain("Pilote hors de l'équipe", lead="Thomas Audigé"),
        plain("Jour impossible", due="2022-02-30", precision="day", phrase=""),
        plain("Précision inconnue", precision="weekly"),
        plain("Mission inconnue", mission="NO-SUCH-MISSION"),
        plain("Bon aussi"),
        plain("Type pas du texte", kind=5),
        plain("x" * 20_001),
        plain("   "),
        plain("Récurrence hors réunion", recurrence="FREQ=WEEKLY"),
        plain("Phrase pas du texte", phrase=3),
    ]
    result = load(cli, tmp_path, records)
    assert result.code == 1
    errors = result.json()["errors"]
    assert [e.split(":")[0] for e in errors] == [f"line {n}" for n in (*range(2, 12), *range(13, 18))]
    wanted = {2: "'notes' must be text", 3: "only a done deliverable has a completion date",
              4: "month must be in 1..12", 5: "the title cannot contain a NUL character",
              6: "'owners' is a list of names", 7: "unknown person 'Nobody Known'",
              8: "the lead must be one of the owners", 9: "'2022-02-30': February has no day 30",
              10: "unknown precision 'weekly'", 11: "no mission with reference 'NO-SUCH-MISSION'",
              13: "unknown kind '5'", 14: "the title cannot be longer than 20000 characters",
              15: "the title cannot be empty", 16: "only a meeting repeats", 17: "'phrase' must be text"}
    for number, words in wanted.items():
        line = next(e for e in errors if e.startswith(f"line {number}:"))
        assert words in line, line
    assert seeded.store.count_deliverables(DeliverableFilter(include_deleted=True)) == before


def test_many_distinct_deadlines_each_land_on_their_own_day(seeded, cli, tmp_path, monkeypatch):
    """The fast path remembers a bounded number of deadlines, then starts afresh: memory stays flat
    and no line gets another line's date."""
    monkeypatch.setattr(imports, "_REMEMBERED", 4)
    days = [date(2023, 1, 1 + n % 20) for n in range(45)]
    records = [plain(f"Jalon {n}", due=day.isoformat(), precision="day", phrase=day.isoformat())
               for n, day in enumerate(days)]
    result = load(cli, tmp_path, records)
    assert result.code == 0, result.err
    assert [seeded.store.deliverable(i).due.date for i in result.json()["created"]] == days


# --- the fast path against the full checks --------------------------------------------------------

names = st.sampled_from([ANNELORE, LAURA, "annelore coury", "Laura", "Thomas", "Nobody Known", "  ", "", 3, None])
owner_items = st.one_of(names, st.fixed_dictionaries({"name": names}, optional={"lead": st.sampled_from(
    [True, False, None, 1, 0, "yes", ""])}), st.just({"lead": True}))
FIELDS = {
    "mission": st.sampled_from([DNS, "d-22-010393", "STSS-2018-02-09", "NO-SUCH", "", " " + DNS, None, 3]),
    "title": st.sampled_from(["Audition", " Audition", "Audition\n", "", "a\x00b", None, 5, "é" * 20_001]),
    "kind": st.sampled_from(["report", "meeting", "rapport", "", None, "nonsense", 1, ["report"]]),
    "status": st.sampled_from(["done", "planned", "cancelled", "en cours", "", None, "finished", 0, True]),
    "due": st.sampled_from(["2022-09-30", "2022-06-01", "2022-02-30", "fin juin 2022", " 2022-09-30", "",
                            None, 20220930, "2022-9-30", "20220930", "le 12 mai dernier"]),
    "precision": st.sampled_from([None, "", "day", "mid-month", "weekly", 0, 1, ["day"]]),
    "phrase": st.sampled_from([None, "", "mi-septembre", " mi-septembre ", "a\x00", 3, "x" * 20_001]),
    "notes": st.sampled_from([None, "", "Salle 4", " Salle 4 ", 0, False, ["x"]]),
    "owners": st.one_of(st.lists(owner_items, max_size=3), st.sampled_from([None, "x", {}, 0, {"name": LAURA}])),
    "lead": st.sampled_from([None, "", ANNELORE, LAURA, "Laura", "Nobody Known", 0, 1]),
    "completed_on": st.sampled_from([None, "", "2022-05-10", "2022-13-01", 5, "20220510"]),
    "recurrence": st.sampled_from([None, "", "FREQ=WEEKLY", "nonsense", 0]),
    "uid": st.sampled_from(["u@x", None]),
}
field_changes = st.lists(st.sampled_from(sorted(FIELDS)).flatmap(lambda name: FIELDS[name].map(lambda v: (name, v))),
                         max_size=3)
# Any mix of fields, or a machine-made line with a few fields changed (so the fast path is tried often).
lines = st.one_of(st.fixed_dictionaries({}, optional=FIELDS), field_changes.map(lambda c: plain("Audition") | dict(c)))


def resolvers(store):
    """What the bulk load looks missions and people up with (by reference, by name as typed)."""
    missions = {m.reference.casefold(): m.id for m in store.missions()}

    def mission_id(reference):
        return missions[reference.casefold()] if reference.casefold() in missions else store.mission(reference).id

    def owner(name, lead=False):
        person = find_person(store, name)
        return Owner(person.id, person.name, lead)

    return missions, mission_id, owner


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines)
def test_the_fast_path_gives_what_the_full_checks_give_or_steps_aside(seeded, record):
    """For any line, the fast path either declines it or returns exactly the full checks' values
    (including the order of the fields); the full checks then never refuse a line it took."""
    missions, mission_id, owner = resolvers(seeded.store)
    fast = imports._PlainLines(None, missions, owner, TODAY).values(record)
    if fast is None:
        return
    full = imports._json_values(record, None, mission_id, owner, TODAY)
    assert list(fast.items()) == list(full.items())


def test_the_fast_path_takes_machine_made_lines(seeded):
    """Else the comparison above would hold trivially: lines as `list --json` writes them go fast."""
    missions, _, owner = resolvers(seeded.store)
    plain_lines = imports._PlainLines(None, missions, owner, TODAY)
    exported = plain("Exporté", id=3, uid="x@y", lead=ANNELORE, depends_on=[], version=2, deleted=False,
                     recurrence="")
    for record in (plain("A"), plain("B", due=None, precision=None, phrase="", owners=[]), exported,
                   plain("C", status="done", completed_on="2022-05-02")):
        assert plain_lines.values(record) is not None, record


@given(st.one_of(st.text(alphabet=" \t\n\x00aé", max_size=6), st.sampled_from(["x" * MAX_TEXT, "x" * (MAX_TEXT + 1)])))
def test_text_is_clean_exactly_when_cleaning_keeps_it_as_it_is(value):
    try:
        kept = clean_text(value, "the notes") == value
    except InvalidInput:
        kept = False
    assert is_clean(value) == kept
