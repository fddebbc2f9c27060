"""Every error a user can cause is said in their language: raised as `SomeError.of("key", **params)`
with its English and French text in the catalogue, never as an English sentence that the French TUI
and CLI would show as it is."""

import ast
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest

from missiontui.core.dates.errors import _ERRORS_EN, _ERRORS_FR
from missiontui.core.errors import DamagedDatabase, DatabaseFileError, InvalidInput, MissionError
from missiontui.core.ical.reader import read_calendar
from missiontui.core.model import Person
from missiontui.settings import load_config
from missiontui.store import Store
from missiontui.usecases import maintenance
from missiontui.usecases.digest import MailError, MailSettings, Outgoing, mail_settings, send

PACKAGE = Path(__file__).resolve().parent.parent / "missiontui"
NB = "\u00a0"  # French puts a non-breaking space before : ; ? ! and inside « »

# Raised with an English sentence, still to move to the catalogue on the branch that owns the file.
# An entry that no longer matches anything fails the test: remove it once its file is done.
PENDING = {
    ("core/ical/tasks.py", "MalformedItem"): "the CalDAV item reader, being rewritten on the sync branch",
    ("frontends/cli/letter_commands.py", "BadParameter"): "--ref of `letter`, owned by the letters branch",
}
CLICK_REFUSALS = {"BadParameter", "UsageError", "ClickException"}  # shown to the user as they are


def _error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """MissionError and every class that derives from it, by name, read from the source."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(
                    getattr(b, "id", None) or getattr(b, "attr", None) for b in node.bases)
    errors, grown = {"MissionError"}, True
    while grown:
        more = {name for name, parents in bases.items() if parents & errors} - errors
        errors |= more
        grown = bool(more)
    return errors


def _is_sentence(node: ast.expr) -> bool:
    """A message written in the code: "…", f"…", "…" + x, "…".format(…), "…" % x."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_sentence(node.left) or _is_sentence(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_sentence(node.func.value)
    return False


def _date_codes(node: ast.expr) -> list:
    """DateError("code", text): the code names a sentence of core/dates/errors.py in both languages."""
    if isinstance(node, ast.IfExp):
        return _date_codes(node.body) + _date_codes(node.orelse)
    return [node.value if isinstance(node, ast.Constant) else ast.unparse(node)]


def test_no_error_a_user_can_cause_is_an_english_sentence_in_the_code():
    trees = {str(path.relative_to(PACKAGE)): ast.parse(path.read_text(encoding="utf-8"))
             for path in PACKAGE.rglob("*.py")}
    errors = _error_classes(trees)
    assert {"InvalidInput", "DamagedDatabase", "MailError", "DateError", "SyncError"} <= errors
    found, pending_seen, bad_codes = [], set(), []
    for name, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            called = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if called == "DateError":
                bad_codes += [(name, node.lineno, code) for code in _date_codes(node.args[0])
                              if code not in _ERRORS_EN or code not in _ERRORS_FR]
                continue
            if called not in errors and called not in CLICK_REFUSALS:
                continue
            if called in CLICK_REFUSALS and _looks_up_a_message(node.args[0]):
                continue
            if _is_sentence(node.args[0]) or called in CLICK_REFUSALS:
                if (name, called) in PENDING:
                    pending_seen.add((name, called))
                    continue
                found.append(f"{name}:{node.lineno}: {called}({ast.unparse(node.args[0])[:70]})")
    assert not found, "raise these with .of(KEY, **params) and their text in catalogue/*.json:\n" + "\n".join(found)
    assert not bad_codes, f"DateError codes missing from the English or French table: {bad_codes}"
    assert pending_seen == set(PENDING), f"done, remove from PENDING: {set(PENDING) - pending_seen}"


def _looks_up_a_message(node: ast.expr) -> bool:
    """click's refusals take a string: it must come from say(KEY) / t(KEY, lang) / error.localized(lang)."""
    return isinstance(node, ast.Call) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in (
        "say", "t", "localized")


def _refusal(action) -> MissionError:
    with pytest.raises(MissionError) as error:
        action()
    return error.value


# --- what a French user reads -------------------------------------------------------------------

def test_an_ics_refusal_in_french():
    error = _refusal(lambda: read_calendar(b"END:VCALENDAR\r\n"))
    assert str(error) == "line 1: END:VCALENDAR closes nothing (no BEGIN:VCALENDAR before it)"
    assert error.localized("fr") == f"ligne 1{NB}: END:VCALENDAR ne ferme rien (aucun BEGIN:VCALENDAR avant)"


def test_an_ics_cut_short_in_french():
    error = _refusal(lambda: read_calendar(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n"))
    assert error.localized("fr") == (f"le fichier est incomplet{NB}: il s'arrête après la ligne 3, dans le composant "
                                     f"VEVENT ouvert à la ligne 2 (un téléchargement interrompu{NB}?)")


def test_a_file_in_latin_1_in_french():
    error = _refusal(lambda: read_calendar("BEGIN:VCALENDAR\r\nSUMMARY:Écrit\r\n".encode("latin-1")))
    assert error.localized("fr") == (f"le fichier n'est pas du texte UTF-8 (octet 0xc9 à la ligne 2){NB}; "
                                     "un fichier iCalendar est en UTF-8")


def test_a_damaged_database_in_french(tmp_path):
    path = tmp_path / "équipe.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    error = _refusal(lambda: Store(path))
    assert isinstance(error, DamagedDatabase) and error.problem == "damaged" and error.path == path
    assert str(error) == f"{path} is damaged: its SQLite header is invalid"
    assert error.localized("fr") == f"{path} est endommagé{NB}: son en-tête SQLite n'est pas valide"


def test_a_missing_database_in_french_names_the_command_to_create_it(tmp_path):
    path = tmp_path / "mon dossier" / "équipe.db"
    from missiontui.store.connection import Create

    error = _refusal(lambda: Store(path, Create.NO))
    assert error.localized("fr") == (f"aucune base de données à l'emplacement {path}{NB}; rien n'a été créé. "
                                     f"Pour en créer une à cet endroit, lancez{NB}: missiontui --db '{path}' init")
    assert not path.parent.exists()


def test_a_bad_config_in_french(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("language = \n", encoding="utf-8")
    error = _refusal(lambda: load_config(config))
    assert error.localized("fr").startswith(f"le fichier de configuration {config} n'est pas du TOML valide{NB}: ")


@pytest.mark.parametrize("section, french", [
    (None, f"aucune section [mail] dans le fichier de configuration{NB}: ajoutez host, port, from (et user, "
           "starttls) pour envoyer le récapitulatif par courriel"),
    ({"host": "smtp.example.org", "from": "a@example.org", "port": "587"},
     f"[mail]{NB}: «{NB}port{NB}» doit être un nombre"),
    ({"host": "smtp.example.org", "from": "a@example.org", "starttls": "yes"},
     f"[mail]{NB}: «{NB}starttls{NB}» doit valoir true ou false"),
    ({"host": "smtp.example.org", "from": "a@example.org", "languages": {"Hugo": "de"}},
     f"[mail.languages]{NB}: «{NB}Hugo{NB}» doit valoir \"en\" ou \"fr\""),
])
def test_a_bad_mail_table_in_french(section, french):
    assert _refusal(lambda: mail_settings(section)).localized("fr") == french


def test_an_unreachable_mail_server_in_french_says_nothing_was_sent():
    with socket.socket() as probe:  # a port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = MailSettings("127.0.0.1", port, sender="missions@example.org", starttls=False, timeout=5)
    outgoing = [Outgoing(Person(1, "Inès Roux", "ines@example.org"), EmailMessage(), 1)]
    error = _refusal(lambda: send(settings, None, outgoing))
    assert isinstance(error, MailError)
    assert str(error).startswith(f"cannot reach the mail server 127.0.0.1:{port} (")
    assert str(error).endswith("); nothing was sent")
    french = error.localized("fr")
    assert french.startswith(f"impossible de joindre le serveur de messagerie 127.0.0.1:{port} (")
    assert french.endswith(f"){NB}; rien n'a été envoyé")


def test_a_backup_refusal_in_french(tmp_path, store):
    taken = tmp_path / "copie.db"
    taken.write_text("someone's file")
    error = _refusal(lambda: maintenance.backup(store.path, taken))
    assert isinstance(error, InvalidInput)
    assert error.localized("fr") == (f"{taken} existe déjà{NB}; choisissez un autre nom de fichier "
                                     "(rien n'a été écrit)")
    assert taken.read_text() == "someone's file"


def test_a_restore_refusal_in_french(tmp_path, store):
    source = tmp_path / "sauvegarde.db"
    source.write_bytes(b"this is not a database" * 100)
    error = _refusal(lambda: maintenance.restore(store.path, source))
    assert isinstance(error, DatabaseFileError) and error.problem == "not-a-database"
    assert str(error) == f"cannot restore from {source}: it is not an SQLite database; nothing was changed"
    assert error.localized("fr") == (f"impossible de restaurer depuis {source}{NB}: ce n'est pas une base SQLite{NB}; "
                                     "rien n'a été modifié")


def test_click_refusals_of_the_cli_follow_its_language(cli):
    result = cli("--lang", "fr", "restore", "99999999999999999999")
    assert result.code == 2
    assert f"aucun livrable n°{NB}99999999999999999999" in result.err
    assert "no deliverable #99999999999999999999" in cli("--lang", "en", "restore", "99999999999999999999").err


def test_a_file_the_system_refuses_is_named_as_typed_with_the_reason_in_french(cli, tmp_path):
    cli("init")
    missing = tmp_path / "pas de dossier" / "agenda.ics"
    exported = cli("--lang", "fr", "export", "-o", str(missing))
    said = f"missiontui{NB}: erreur{NB}: fichier ou dossier introuvable{NB}: {missing}\n"
    assert (exported.code, exported.err) == (1, said)
    imported = cli("--lang", "fr", "import", str(missing))
    assert imported.err == said
    assert cli("export", "-o", str(missing)).err == f"missiontui: error: no such file or folder: {missing}\n"
