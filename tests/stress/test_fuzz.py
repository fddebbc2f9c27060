"""Fuzzing with Hypothesis: the CLI's arguments through its real entry point, deadline phrases, and
.ics and JSON imports, and the feed server's requests. Whatever comes in: no traceback, an exit code of 0, 1 or 2 with the error
said on stderr, nothing sent raw to the terminal, and a refused command leaves the database as it
was (no partial write). A few hundred cases each in CI; a few thousand with MISSIONTUI_STRESS=long."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import signal
import socket
import sqlite3
import string
import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missiontui.core.dates import DateError, parse_due
from missiontui.core.i18n import describe_due
from missiontui.frontends.cli import main
from tests.conftest import DATA
from tests.db_files import seeded_copy
from tests.stress.conftest import Stopwatch, integrity, record_figures, scale

DNS = "D-22-010393"
WAITS = {"tui", "demo", "serve"}  # commands that wait for a person or a client: not fuzzed here
HUNG_AFTER = 60  # seconds: a case that takes longer is reported as a hang, a finding like a traceback
HUGE = "99999999999999999999"


def fuzz_settings(short: int, long: int):
    return settings(max_examples=scale(short, long), deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def fuzz(label: str, runner) -> None:
    """Run a Hypothesis search (`runner` counts its cases in a list) and record its figures: a
    traceback or a partial write fails the search, so a recorded run had none."""
    cases: list = []
    with Stopwatch() as watch:
        runner(cases)
    record_figures("fuzz", label, cases=len(cases), tracebacks=0, partial_writes=0, seconds=watch.seconds)


def run(*argv: str) -> tuple[int, str, str]:
    """The real entry point, in this process; a traceback fails the test with the exception."""
    out, err = io.StringIO(), io.StringIO()

    def hung(*_):
        raise TimeoutError(f"missiontui {' '.join(argv)!r} still running after {HUNG_AFTER} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HUNG_AFTER)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def fingerprint(db: Path) -> tuple:
    """What any write changes: the history, every row's version, the feed tokens."""
    conn = sqlite3.connect(db)
    try:
        return (conn.execute("SELECT count(*), coalesce(max(id), 0) FROM history").fetchone(),
                conn.execute("SELECT count(*), coalesce(sum(version), 0) FROM deliverable").fetchone(),
                conn.execute("SELECT count(*), coalesce(sum(version), 0) FROM mission").fetchone(),
                conn.execute("SELECT count(*) FROM person").fetchone(),
                conn.execute("SELECT count(*) FROM feed_token").fetchone())
    finally:
        conn.close()


def raw_controls(text: str) -> list[str]:
    return [hex(ord(c)) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f]


def said_in_json(out: str) -> bool:
    """`date --json` gives one JSON line per phrase, a refused one with its "error"."""
    lines = [json.loads(line) for line in out.split("\n") if line]  # not splitlines: U+0085 is inside strings
    return any(isinstance(line, dict) and line.get("error") for line in lines)


def check_outcome(code: int, out: str, err: str, json_out: bool = False, late_exit: bool = False) -> None:
    """The README's promises: exit 0, 1 (one sentence) or 2 (a mistyped command line), and 3 for
    `due` when something is late."""
    assert code in (0, 1, 2) or (late_exit and code == 3), (code, err)
    assert "Traceback" not in out + err
    assert not raw_controls(err), err[:300]
    # JSON escapes C0 controls; C1 ones are valid JSON text and no terminal in UTF-8 acts on them;
    # iCalendar lines end in CRLF (RFC 5545 3.1)
    assert not [c for c in raw_controls(out.replace("\r\n", "\n")) if int(c, 16) < 0x20 or not json_out], out[:300]
    if code == 1 and not (json_out and not err and said_in_json(out)):
        assert err.rstrip("\n").splitlines()[-1].startswith("missiontui: "), err
    if code == 2:
        assert "Error: " in err, err


# --- the CLI's arguments -----------------------------------------------------------------------------

NASTY = st.sampled_from(["", " ", "\x1b[2J\x1b]0;pwned\x07", "[bold]x[/]", "caf\udce9", "\x00", "é" * 300, "a" * 25_000,
                         "-", "--", "--help", "fin juin", "31/09/2022", "hier", "T2 2023", HUGE, "-1", "0", "12",
                         "1e400", "NaN", "'; DROP TABLE deliverable; --", "\u202eevil", "🙂", "../../etc/passwd"])
TEXT = st.one_of(NASTY, st.text(max_size=30), st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
IDS = st.sampled_from(["1", "11", "12", "13", "999", "0", "-1", HUGE, "-" + HUGE, "abc", ""])
ID = st.one_of(IDS, IDS, IDS, TEXT)  # one_of draws its branches evenly: three in four are ids
PHRASE = st.one_of(st.sampled_from(["fin juin", "mi-octobre", "T3 2022", "2022-09-30", "30/09", "+2w", "demain", "",
                                    "avant l'été 2023", "le 31 février", "d'ici la fin de l'année"]), TEXT)


def options(pairs: dict) -> st.SearchStrategy:
    """Some of the given options, each with a value from its strategy (None: a flag)."""
    return st.lists(st.sampled_from(sorted(pairs)), max_size=4).flatmap(
        lambda names: st.tuples(*[st.just([n]) if pairs[n] is None else pairs[n].map(lambda v, n=n: [n, v])
                                  for n in names]) if names else st.just(()))


def command(name, *positional, opts=None):
    parts = [st.just([*name.split()])] + [p.map(lambda v: [v]) for p in positional]
    if opts:
        parts.append(options(opts).map(lambda chosen: [a for pair in chosen for a in pair]))
    return st.tuples(*parts).map(lambda groups: [a for g in groups for a in g])


EDIT_OPTIONS = {"-t": TEXT, "-d": PHRASE, "-k": TEXT, "-s": TEXT, "-o": TEXT, "--lead": TEXT, "-n": TEXT,
                "--depends-on": ID, "--no-depends": None, "-m": TEXT, "-r": TEXT, "--version": ID, "--resolve": TEXT,
                "--json": None}
LIST_OPTIONS = {"-m": TEXT, "-o": TEXT, "-s": TEXT, "-k": TEXT, "--due-before": PHRASE, "--due-after": PHRASE,
                "--overdue": None, "--open": None, "--mine": None, "-q": TEXT, "--sort": TEXT, "--desc": None,
                "--limit": ID, "--deleted": None, "--json": None, "--format": TEXT, "--undated": None}
ARGV = st.one_of(
    command("add", TEXT, opts={"-m": st.one_of(st.just(DNS), TEXT), "-d": PHRASE, "-k": TEXT, "-o": TEXT,
                               "--lead": TEXT, "-n": TEXT, "--depends-on": ID, "--json": None}),
    command("edit", ID, opts=EDIT_OPTIONS),
    command("done", ID, opts={"--on": PHRASE, "--version": ID, "--json": None}),
    command("rm", ID, opts={"-r": TEXT, "--version": ID, "--json": None}),
    command("restore", ID, opts={"-r": TEXT, "--json": None}),
    command("show", ID, opts={"--json": None}),
    command("history", ID, opts={"--json": None}),
    command("list", opts=LIST_OPTIONS),
    command("undo", opts={"--json": None}), command("redo", opts={"--json": None}),
    command("mission show", TEXT), command("mission list", opts={"--json": None}),
    command("mission add", TEXT, opts={"-t": TEXT, "--signed": PHRASE, "--addressee": TEXT, "--lead": TEXT,
                                       "--json": None}),
    command("mission close", TEXT), command("mission reopen", TEXT),
    command("people add", TEXT, opts={"--email": TEXT, "--role": TEXT}), command("people list"),
    command("date", TEXT, opts={"--ref": PHRASE, "--json": None}),
    command("check", opts={"--json": None}),
    command("feed add", opts={"-m": TEXT, "-o": TEXT}), command("feed list"),
    command("report", TEXT, opts={"-f": TEXT, "--since": PHRASE}),
    # anything at all after a word that is not a command that waits for a person (the TUI, serve)
    st.tuples(st.one_of(st.sampled_from(["agenda", "due", "templates", "letter", "import", "export", "backup", "init"]),
                        TEXT.filter(lambda word: word.strip() and not word.startswith("-") and word not in WAITS)),
              st.lists(TEXT, max_size=4)).map(lambda parts: [parts[0], *parts[1]]),
)


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    return seeded_copy(tmp_path_factory.mktemp("fuzz") / "m.db")


def test_any_arguments_give_an_exit_code_and_a_sentence_never_a_traceback(fuzz_db, monkeypatch):
    monkeypatch.chdir(fuzz_db.parent)  # where a stray output file would land

    def search(cases):
        @fuzz_settings(300, 4000)
        @given(argv=ARGV)
        def one(argv):
            argv = [a.replace("\x00", "\x01") for a in argv]  # execve cannot pass a NUL: no argument holds one
            cases.append(argv)
            before = fingerprint(fuzz_db)
            code, out, err = run("--db", str(fuzz_db), *argv)
            check_outcome(code, out, err, json_out="--json" in argv, late_exit=argv[:1] == ["due"])
            if code not in (0, 3) and fingerprint(fuzz_db) != before:
                pytest.fail(f"{argv!r} was refused ({err.strip()}) but wrote to the database")
        one()

    fuzz("CLI arguments (real entry point)", search)


# Numbers where ids go: the wide search above draws them too rarely (one case in a hundred), and
# ids beyond 64 bits or below 1 are where a command once ended in a traceback.
ID_ARGV = st.one_of(
    st.tuples(st.sampled_from(["show", "edit", "done", "rm", "restore", "history"]), IDS).map(list),
    st.tuples(st.sampled_from(["--depends-on", "--version"]), IDS).map(lambda pair: ["edit", "11", "-n", "x", *pair]),
    st.tuples(st.sampled_from(["--version"]), IDS).map(lambda pair: ["done", "12", *pair]),
    IDS.map(lambda value: ["list", "--limit", value]),
    IDS.map(lambda value: ["add", "Livrable", "-m", DNS, "--depends-on", value]))


def test_any_number_where_an_id_goes_gives_a_sentence(fuzz_db):
    def search(cases):
        @fuzz_settings(200, 1000)
        @given(argv=ID_ARGV)
        def one(argv):
            cases.append(argv)
            before = fingerprint(fuzz_db)
            code, out, err = run("--db", str(fuzz_db), *argv)
            check_outcome(code, out, err)
            if code != 0 and fingerprint(fuzz_db) != before:
                pytest.fail(f"{argv!r} was refused ({err.strip()}) but wrote to the database")
        one()

    fuzz("CLI ids and numbers", search)


# --- deadline phrases --------------------------------------------------------------------------------

WORDS = ["fin", "mi", "début", "courant", "avant", "après", "d'ici", "le", "la", "au", "plus", "tard", "en", "de", "du",
         "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
         "décembre", "sept.", "T1", "T2", "T3", "T4", "S1", "S2", "trimestre", "semestre", "année", "mois", "semaine",
         "quinzaine", "été", "hiver", "rentrée", "Noël", "Pâques", "lundi", "vendredi", "prochain", "dernier",
         "premier", "1er", "deux", "trois", "quinze", "trente", "jours", "ouvrés", "dans", "sous", "délai", "of", "end",
         "by", "before", "next", "week", "Q3", "H2", "2022", "2023", "1999", "2099", "31", "29", "0", "12", "/", "-",
         ".", ",", "+", "2w", "3d", "«", "»", "\u00a0", "\n", "l'", "à", "compter", "réception"]
PHRASES = st.one_of(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join),
                    st.text(alphabet=string.digits + "/-. +wdmyTSQ", max_size=16), st.text(max_size=40))


def test_any_phrase_gives_a_deadline_or_a_reason():
    def search(cases):
        @fuzz_settings(1000, 10000)
        @given(text=PHRASES, ref=st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
        def one(text, ref):
            cases.append(text)
            try:
                due = parse_due(text, ref)
            except DateError as refusal:
                assert str(refusal) and refusal.localized("fr")
                return
            assert date(1900, 1, 1) <= due.date and due.precision.value
            assert describe_due(due, "en") and describe_due(due, "fr")
            if due.phrase:  # the words kept are the user's own, not invented
                kept = " ".join(due.phrase.casefold().split())
                assert kept in " ".join(text.casefold().replace("\u00a0", " ").split()), (text, due)
        one()

    fuzz("deadline phrases", search)


# --- imports ----------------------------------------------------------------------------------------

CLIENT_FILES = sorted((DATA / "clients").glob("*.ics"))


@st.composite
def damaged_calendars(draw) -> bytes:
    """A real client's file, then a few cuts, insertions, swaps and repeats of lines and bytes."""
    data = draw(st.sampled_from(CLIENT_FILES)).read_bytes()
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        kind = draw(st.sampled_from(["drop", "repeat", "insert", "cut", "swap", "noise"]))
        if kind == "drop" and lines:
            del lines[at]
        elif kind == "repeat" and lines:
            lines.insert(at, lines[at])
        elif kind == "insert":
            lines.insert(at, draw(st.sampled_from([b"BEGIN:VEVENT", b"END:VEVENT", b"END:VCALENDAR", b"BEGIN:VTODO",
                                                  b"DTSTART:99999999", b"UID:", b"RRULE:FREQ=DAILY;COUNT=999999999",
                                                  b"STATUS:CANCELLED", b"SUMMARY:\x1b[2J", b" continued",
                                                  b"DUE;TZID=Nowhere/Special:20220230T250000"])))
        elif kind == "cut" and lines:
            line = lines[at]
            lines[at] = line[:draw(st.integers(0, len(line)))]
        elif kind == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif kind == "noise" and lines:
            lines[at] = lines[at] + draw(st.binary(max_size=8))
    return b"\n".join(lines)


JSON_VALUE = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(),
                                    TEXT), lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                   st.dictionaries(TEXT, inner, max_size=3)),
                          max_leaves=6)
FIELD_VALUES = {"mission": st.one_of(st.just(DNS), JSON_VALUE), "title": st.one_of(TEXT, JSON_VALUE),
                "due": st.one_of(PHRASE, JSON_VALUE), "precision": st.one_of(st.sampled_from(["day", "month"]), JSON_VALUE),
                "phrase": st.one_of(TEXT, JSON_VALUE), "kind": st.one_of(st.sampled_from(["report", "other"]), JSON_VALUE),
                "status": st.one_of(st.sampled_from(["done", "planned"]), JSON_VALUE),
                "owners": st.one_of(st.lists(st.sampled_from(["Thomas Audigé", "Dominique Pon", {"name": "Laura Létourneau"},
                                                              {"lead": True}]), max_size=3), JSON_VALUE),
                "lead": st.one_of(st.just("Dominique Pon"), JSON_VALUE), "notes": st.one_of(TEXT, JSON_VALUE),
                "uid": st.one_of(TEXT, JSON_VALUE), "completed_on": st.one_of(st.just("2022-05-01"), JSON_VALUE)}
RECORD = st.fixed_dictionaries({"mission": st.one_of(st.just(DNS), FIELD_VALUES["mission"]),
                                "title": st.one_of(st.just("Livrable"), FIELD_VALUES["title"])},
                               optional={k: v for k, v in FIELD_VALUES.items() if k not in ("mission", "title")})


@st.composite
def json_files(draw) -> bytes:
    records = draw(st.lists(st.one_of(RECORD, JSON_VALUE), min_size=1, max_size=5))
    if draw(st.booleans()):
        text = json.dumps(records, ensure_ascii=draw(st.booleans()))
    else:
        text = "\n".join(json.dumps(r) for r in records)
    if draw(st.booleans()):  # then break it a little
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "[", "{", "\"", "\\", "\x00", "\n", "]]"])) + text[cut:]
    return text.encode("utf-8", "surrogatepass")


@pytest.fixture(scope="module")
def fuzz_template(tmp_path_factory):
    return seeded_copy(tmp_path_factory.mktemp("template") / "seeded.db")


def import_case(template: Path, folder: Path, data: bytes, name: str) -> None:
    db = folder / "m.db"
    shutil.copy(template, db)
    (folder / name).write_bytes(data)
    before = fingerprint(db)
    code, out, err = run("--db", str(db), "import", str(folder / name), "-m", DNS, "--json")
    check_outcome(code, out, err, json_out=True)
    after = fingerprint(db)
    if code == 0:
        report = json.loads(out)
        created = len(report["created"])
        assert after[1][0] - before[1][0] == created, "the import said it created a number it did not"
    elif after != before:
        pytest.fail(f"a refused import wrote to the database: {err.strip()}")
    assert integrity(db) == []


def test_damaged_client_calendars_import_whole_or_not_at_all(fuzz_template, tmp_path):
    def search(cases):
        @fuzz_settings(150, 2500)
        @given(data=damaged_calendars())
        def one(data):
            cases.append(len(data))
            import_case(fuzz_template, tmp_path, data, "in.ics")
        one()

    fuzz(".ics imports (damaged client files)", search)


def test_any_json_imports_whole_or_not_at_all(fuzz_template, tmp_path):
    def search(cases):
        @fuzz_settings(150, 2500)
        @given(data=json_files())
        def one(data):
            cases.append(len(data))
            import_case(fuzz_template, tmp_path, data, "in.json")
        one()

    fuzz("JSON imports", search)


# --- the feed server's requests ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def feed_server(tmp_path_factory):
    """The real server on 127.0.0.1 over a seeded database, with one live feed; a short head deadline
    so a request cut short costs a fraction of a second, not ten."""
    from missiontui.frontends.http.feeds import Feeds
    from missiontui.frontends.http.server import HttpServer
    from missiontui.store import Store
    from missiontui.usecases.context import Context, FixedClock
    from missiontui.usecases.subscriptions import add_feed
    from tests.conftest import TODAY

    store = Store(seeded_copy(tmp_path_factory.mktemp("feeds") / "m.db"))
    token = add_feed(Context(store, "tester", FixedClock(TODAY))).token
    log = io.StringIO()
    srv = HttpServer(("127.0.0.1", 0), [Feeds(store, lambda: TODAY, "fr", (7, 1)).route()], log=log, timeout=0.5)
    thread = threading.Thread(target=srv.serve_forever)
    thread.start()
    yield srv, f"/feeds/{token}.ics", log
    srv.shutdown()
    srv.server_close()
    thread.join()
    store.close()


TOKEN_CHARS = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=0, max_size=40)
HEADER_NAMES = ["Host", "If-None-Match", "If-Modified-Since", "Accept-Encoding", "Range", "Content-Length",
                "Transfer-Encoding", "Connection", "Expect", "User-Agent", "Cookie", "X-Forwarded-For"]
HEADER_VALUES = st.one_of(
    st.sampled_from(["*", "gzip", "gzip;q=0", "GZIP;q=1e999", "W/\"x\"", "\"a,b\", W/", "W/", "\"", "bytes=0-10",
                     "Sun, 06 Nov 1994 08:49:37 GMT", "Mon, 31 Feb 2099 25:61:61 GMT", "chunked", "100-continue",
                     "-1", HUGE, "", " ", "\t", "a" * 9000]),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=40))


@st.composite
def http_requests(draw, feed: str) -> tuple[bytes, bool]:
    """(the bytes sent, whether they form a complete request head): half as a calendar client would
    send them (GET or HEAD of a feed, Host, conditional and encoding headers of any value), half
    anything at all."""
    plausible = draw(st.booleans())
    if plausible:
        method = draw(st.sampled_from(["GET", "GET", "HEAD", "POST", "OPTIONS"]))
        version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0"]))
    else:
        method = draw(st.one_of(st.sampled_from(["GET", "get", "G ET", ""]),
                                st.text(alphabet=string.ascii_letters + "!#$%&'*+.^_`|~@", max_size=8)))
        version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "http/1.1", "HTTP/", ""]))
    target = draw(st.one_of(
        st.just(feed), st.just(feed + "?x=1"), st.just("http://example.org" + feed), st.just(feed.upper()),
        TOKEN_CHARS.map(lambda t: f"/feeds/{t}.ics"), st.sampled_from(["/", "*", "/feeds/", "/feeds/../etc", "//"]),
        st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=255), max_size=60)))
    line = f"{method} {target} {version}" if version else f"{method} {target}"
    names = st.sampled_from(HEADER_NAMES) if plausible else st.one_of(st.sampled_from(HEADER_NAMES), st.text(max_size=12))
    headers = draw(st.lists(st.tuples(names, HEADER_VALUES), max_size=6))
    if plausible:
        headers.insert(draw(st.integers(0, len(headers))), ("Host", "127.0.0.1"))
    eol = draw(st.sampled_from(["\r\n", "\r\n", "\n"]))
    head = eol.join([line, *(f"{name}: {value}" for name, value in headers)]) + eol + eol
    data = head.encode("latin-1", "replace") + draw(st.binary(max_size=16))  # a body nobody asked for
    complete = draw(st.integers(0, 9)) != 0
    if not complete:  # cut anywhere
        data = data[:draw(st.integers(0, len(data)))]
    return data, complete


def exchange(address, data: bytes) -> bytes:
    """Send the bytes, say nothing more (half-close), read the whole answer."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


STATUS_LINE = re.compile(rb"HTTP/1\.1 (\d{3}) [A-Za-z ]*\r\n")


def test_any_request_gets_an_answer_never_an_error_and_the_server_goes_on(feed_server):
    """Whatever a client sends: a status line among the server's own, no 500, no error in the log,
    nothing raw in the log, a feed body that is a whole calendar, and the next calendar served."""
    import gzip

    srv, feed, log = feed_server
    address = srv.server_address[:2]
    statuses: Counter = Counter()

    def search(cases):
        @fuzz_settings(300, 3000)
        @given(request=http_requests(feed))
        def one(request):
            data, complete = request
            cases.append(len(data))
            answer = exchange(address, data)
            if not answer:  # the head never ended: the server waits its deadline, then closes
                assert not complete or b"\n\n" not in data.replace(b"\r\n", b"\n"), data[:200]
                return
            status = STATUS_LINE.match(answer)
            assert status, answer[:200]
            code = int(status.group(1))
            statuses[code] += 1
            assert code in (200, 304, 400, 404, 405, 408, 414, 431, 505), answer[:200]
            head, _, body = answer.partition(b"\r\n\r\n")
            if code == 200 and not data.startswith(b"HEAD"):
                text = gzip.decompress(body) if b"\r\nContent-Encoding: gzip" in head else body
                assert text.startswith(b"BEGIN:VCALENDAR\r\n") and text.endswith(b"END:VCALENDAR\r\n"), text[-80:]
        one()

    fuzz("feed server requests", search)
    assert srv.idle.wait(10)
    written = log.getvalue()
    assert "error:" not in written and "Traceback" not in written
    assert not any(c < " " or "\x7f" <= c <= "\x9f" for c in written.replace("\n", ""))
    record_figures("fuzz", "feed server statuses", **{str(k): v for k, v in sorted(statuses.items())})
    # the server still serves calendars as before
    answer = exchange(address, f"GET {feed} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"END:VCALENDAR\r\n")
