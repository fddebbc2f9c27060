"""The floor for W3: the export's rows, read by the same query, formatted with plain f-strings.

    python bench/export_floor.py DB OUT.ics [en|fr]

The same events as `missiontui export` (every property, the owners, the status and deadline words,
the done mark, the reminders of open deadlines, cancellations kept 90 days) but none of the care:
no escaping, no folding at 75 octets. Standard library only, so it starts as fast as Python does.
What `missiontui export` costs beyond this is what RFC 5545 and our own code cost.
"""

import sqlite3
import sys
from datetime import date, timedelta

WORDS = {
    "en": ("Owners", "Status", "Deadline", "Kind", "lead"),
    "fr": ("Responsables ", "Statut ", "Échéance ", "Type ", "pilote"),
}
TODAY = date(2026, 11, 22)


def main(db: str, target: str, language: str = "en") -> None:
    owners_word, status_word, deadline_word, kind_word, lead_word = WORDS[language]
    conn = sqlite3.connect(db)
    conn.execute("BEGIN")
    missions = dict(conn.execute("SELECT id, reference FROM mission"))
    people = {pid: (name, email) for pid, name, email in conn.execute("SELECT id, name, email FROM person")}
    cursor = conn.execute("""
        SELECT d.uid, d.title, d.mission_id, d.kind, d.due, d.precision, d.phrase, d.status, d.notes,
          d.completed_on, d.sequence, d.created_at, d.updated_at, d.deleted_at,
          (SELECT group_concat(CASE WHEN o.lead THEN -o.person_id ELSE o.person_id END) FROM owner o
            WHERE o.deliverable_id = d.id)
        FROM deliverable d ORDER BY d.due, d.id""")
    gone_after = (TODAY - timedelta(days=90)).isoformat()
    with open(target, "w", encoding="utf-8", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//floor//EN\r\nMETHOD:PUBLISH\r\n")
        while rows := cursor.fetchmany(2000):
            events = []
            for (uid, title, mission_id, kind, due, precision, phrase, status, notes, _completed, sequence,
                 created, updated, deleted, owners) in rows:
                cancelled = deleted is not None or status == "cancelled"
                if cancelled and (deleted or updated)[:10] < gone_after:
                    continue
                reference = missions[mission_id]
                ids = [int(p) for p in owners.split(",")] if owners else []
                names = ", ".join(people[-p][0] + f" ({lead_word})" if p < 0 else people[p][0] for p in ids) or "—"
                lead = next((people[-p] for p in ids if p < 0), None)
                organizer = f"ORGANIZER;CN=\"{lead[0]}\":mailto:{lead[1]}\r\n" if lead and lead[1] else ""
                day = date.fromisoformat(due)
                summary = f"{'✓ ' if status == 'done' and not deleted else ''}[{reference}] {title}"
                alarms = "".join(f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:{summary}\r\nTRIGGER:-P{n}D\r\n"
                                 "END:VALARM\r\n" for n in (7, 1)) if status in ("planned", "in-progress", "blocked") else ""
                events.append(
                    f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:{updated}\r\nCREATED:{created}\r\nLAST-MODIFIED:{updated}\r\n"
                    f"SEQUENCE:{sequence}\r\nDTSTART;VALUE=DATE:{day:%Y%m%d}\r\n"
                    f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}\r\n"
                    f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}\r\nTRANSP:TRANSPARENT\r\nSUMMARY:{summary}\r\n"
                    f"DESCRIPTION:{owners_word}: {names}\\n{status_word}: {status}\\n{deadline_word}: \"{phrase}\" — "
                    f"{precision}\\n{kind_word}: {kind}{chr(92) + 'n' + chr(92) + 'n' + notes if notes else ''}\r\n"
                    f"CATEGORIES:{reference},{kind}\r\n{organizer}X-MISSIONTUI-MISSION;VALUE=TEXT:{reference}\r\n"
                    f"X-MISSIONTUI-TITLE;VALUE=TEXT:{title}\r\nX-MISSIONTUI-KIND:{kind}\r\n"
                    f"X-MISSIONTUI-STATUS:{status}\r\nX-MISSIONTUI-PRECISION:{precision}\r\n"
                    f"X-MISSIONTUI-PHRASE;VALUE=TEXT:{phrase}\r\n{alarms}END:VEVENT\r\n")
            out.write("".join(events))
        out.write("END:VCALENDAR\r\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
