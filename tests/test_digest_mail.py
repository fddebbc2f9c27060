"""`missiontui due --mail` against a real SMTP server (aiosmtpd) on 127.0.0.1: STARTTLS with a
certificate from a throwaway CA (trustme), a login, one message per person with their own items in
their language; and every way it can go wrong (refused recipient, refused login, a server that
never answers, an untrusted certificate) as one clear sentence and exit 1, the password never shown."""

from __future__ import annotations

import socket
import ssl
from email import message_from_bytes, policy

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from missiontui.usecases.digest import MailSettings, mail_settings

USER, PASSWORD = "missions@example.org", "s3cret-Pa55-ç"  # RFC 4616 PLAIN carries UTF-8
ASCII_PASSWORD = "plain-ascii-Pa55"  # the one smtplib's own login() can send
TODAY = "2022-07-04"


class Inbox:
    """Collects what the server accepted; refuses the recipients it is told to."""

    def __init__(self):
        self.messages, self.refuse, self.sessions = [], set(), []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos[:], message_from_bytes(envelope.original_content, policy=policy.default)))
        self.sessions.append((session.ssl is not None, session.authenticated))
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
        and auth_data.password in (PASSWORD.encode(), ASCII_PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 235 or 535


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    authority = trustme.CA()
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return authority, path


@pytest.fixture
def smtp(ca):
    """A STARTTLS-only server with AUTH, on a free port of 127.0.0.1."""
    authority, _ = ca
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_require_tls=True)
    controller.start()
    yield inbox, controller.port
    controller.stop()


def configure(tmp_path, port: int, cafile, **changes) -> None:
    """The config file the CLI reads (MISSIONTUI_CONFIG points at it, see conftest)."""
    mail = {"host": "127.0.0.1", "port": port, "user": USER, "from": "Mission DNS <missions@example.org>",
            "starttls": True, "timeout": 5, "cafile": str(cafile) if cafile else None, **changes}
    lines = ["[mail]"] + [f"{k} = {_toml(v)}" for k, v in mail.items() if v is not None]
    lines += ["", "[mail.languages]", '"Hugo Dubois" = "fr"']
    (tmp_path / "no-config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


@pytest.fixture
def team(cli, monkeypatch):
    """A mission whose people have addresses: Claire (English, the default), Hugo (French by the config)."""
    monkeypatch.setenv("MISSIONTUI_TODAY", TODAY)
    monkeypatch.setenv("MISSIONTUI_SMTP_PASSWORD", PASSWORD)
    for args in (["people", "add", "Claire Martin", "--email", "claire@example.org"],
                 ["people", "add", "Hugo Dubois", "--email", "hugo@example.org"],
                 ["people", "add", "Inès Roux"],
                 ["mission", "add", "M-MAIL", "-t", "Mission courriel", "--signed", "2022-04-01"],
                 ["add", "Note d'étape", "-m", "M-MAIL", "-d", "2022-07-01", "-o", "Claire Martin", "-o", "Hugo Dubois"],
                 ["add", "Relecture croisée", "-m", "M-MAIL", "-d", "2022-07-06", "-o", "Hugo Dubois"],
                 ["add", "Annexe chiffrée", "-m", "M-MAIL", "-d", "2022-07-08", "-o", "Claire Martin"],
                 ["add", "Rapport final", "-m", "M-MAIL", "-d", "2022-09-30", "-o", "Claire Martin"]):
        result = cli(*args)
        assert result.code == 0, result.err


def no_password_in(result) -> bool:
    return PASSWORD not in result.out and PASSWORD not in result.err


def test_each_person_gets_their_own_items_in_their_language_over_starttls(team, smtp, ca, cli, tmp_path):
    inbox, port = smtp
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert result.code == 3, result.err  # sent, and something is late
    assert result.out == ("sent to Claire Martin <claire@example.org>: 2 items\n"
                          "sent to Hugo Dubois <hugo@example.org>: 2 items\n")
    assert result.err == "" and no_password_in(result)
    assert inbox.sessions == [(True, True), (True, True)]  # encrypted, then logged in
    (to_claire, claire), (to_hugo, hugo) = inbox.messages
    assert to_claire == ["claire@example.org"] and to_hugo == ["hugo@example.org"]
    assert claire["Subject"] == "missiontui: 1 late, 1 due within 7 days"
    assert hugo["Subject"] == "missiontui\u00a0: 1 en retard, 1 à échéance sous 7\u00a0jours"
    assert claire["To"].addresses[0].display_name == "Claire Martin"
    assert claire["From"].addresses[0].addr_spec == "missions@example.org"
    assert claire["Message-ID"] and claire["Date"] and claire["Auto-Submitted"] == "auto-generated"
    assert claire.get_content_type() == "text/plain" and claire.get_content_charset() == "utf-8"
    claire_text, hugo_text = claire.get_content(), hugo.get_content()
    assert claire_text.startswith("Claire Martin: due within 7 days (until Monday 11 July 2022), as of Monday 4 July")
    assert "Note d'étape" in claire_text and "Annexe chiffrée" in claire_text
    assert "Relecture croisée" not in claire_text and "Rapport final" not in claire_text  # Hugo's; not due yet
    assert hugo_text.startswith("Hugo Dubois\u00a0: à échéance sous 7\u00a0jours")
    assert "Note d'étape" in hugo_text and "Relecture croisée" in hugo_text and "Annexe" not in hugo_text
    assert "En retard (1)" in hugo_text and "À venir (1)" in hugo_text
    assert PASSWORD not in claire.as_string() and PASSWORD not in hugo.as_string()


def test_an_ascii_password_logs_in_too(team, smtp, ca, cli, tmp_path, monkeypatch):
    inbox, port = smtp
    monkeypatch.setenv("MISSIONTUI_SMTP_PASSWORD", ASCII_PASSWORD)
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert result.code == 3 and inbox.sessions == [(True, True), (True, True)]
    assert ASCII_PASSWORD not in result.out + result.err


def test_owner_mails_only_that_person(team, smtp, ca, cli, tmp_path):
    inbox, port = smtp
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--owner", "hugo dubois", "--mail")
    assert result.out == "sent to Hugo Dubois <hugo@example.org>: 2 items\n"
    assert [to for to, _ in inbox.messages] == [["hugo@example.org"]]


def test_a_refused_recipient_is_named_and_the_others_still_get_theirs(team, smtp, ca, cli, tmp_path):
    inbox, port = smtp
    inbox.refuse.add("hugo@example.org")
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert result.code == 1
    assert result.out == "sent to Claire Martin <claire@example.org>: 2 items\n"
    assert result.err == ("missiontui: the mail server refused hugo@example.org (Hugo Dubois): "
                          "550 5.1.1 <hugo@example.org>: mailbox unavailable\n"
                          "missiontui: error: 1 of 2 digests were not sent\n")
    assert [to for to, _ in inbox.messages] == [["claire@example.org"]] and no_password_in(result)


def test_a_refused_login_sends_nothing(team, smtp, ca, cli, tmp_path, monkeypatch):
    inbox, port = smtp
    monkeypatch.setenv("MISSIONTUI_SMTP_PASSWORD", "wrong-" + PASSWORD)
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert result.code == 1 and result.out == ""
    assert result.err.startswith(f"missiontui: error: the mail server 127.0.0.1:{port} refused the login of "
                                 f"'{USER}' (535 ")
    assert result.err.endswith("); nothing was sent\n") and result.err.count("\n") == 1
    assert inbox.messages == [] and PASSWORD not in result.err


def test_a_server_that_never_answers_is_cut_by_the_timeout(team, ca, cli, tmp_path):
    with socket.socket() as silent:  # accepts connections (the kernel does) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        configure(tmp_path, port, ca[1], timeout=0.5)
        result = cli("due", "-m", "M-MAIL", "--mail")
    assert (result.code, result.out) == (1, "")
    assert result.err == f"missiontui: error: the mail server 127.0.0.1:{port} did not answer within 0.5 s; " \
                         "nothing was sent\n"


def test_a_certificate_we_do_not_trust_sends_nothing(team, smtp, cli, tmp_path):
    inbox, port = smtp
    configure(tmp_path, port, cafile=None)  # the system's CAs only: the test CA is unknown
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert result.code == 1 and inbox.messages == [] and no_password_in(result)
    assert result.err.startswith(f"missiontui: error: the certificate of the mail server 127.0.0.1:{port} could "
                                 "not be verified (")
    assert result.err.endswith("set cafile to your CA bundle; nothing was sent\n")


def test_no_server_listening(team, ca, cli, tmp_path):
    port = free_port()
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert (result.code, result.err) == (1, f"missiontui: error: cannot reach the mail server 127.0.0.1:{port} "
                                            "(Connection refused); nothing was sent\n")


def test_without_a_password_nothing_is_tried(team, smtp, ca, cli, tmp_path, monkeypatch):
    inbox, port = smtp
    monkeypatch.delenv("MISSIONTUI_SMTP_PASSWORD")
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert (result.code, inbox.messages) == (1, [])
    assert result.err == (f"missiontui: error: no password for the mail user '{USER}': set $MISSIONTUI_SMTP_PASSWORD "
                          f"or store it with `keyring set missiontui {USER}`; nothing was sent\n")


def test_someone_without_an_address_is_reported(team, smtp, ca, cli, tmp_path):
    inbox, port = smtp
    assert cli("add", "Audition", "-m", "M-MAIL", "-d", "2022-07-07", "-o", "Inès Roux").code == 0
    configure(tmp_path, port, ca[1])
    result = cli("due", "-m", "M-MAIL", "--mail")
    assert result.code == 1 and len(inbox.messages) == 2
    assert result.err == ("missiontui: no digest for Inès Roux: no email address\n"
                          "missiontui: error: 1 of 3 digests were not sent\n")


@pytest.mark.parametrize("section, message", [
    (None, "no [mail] table in the config file: add host, port, from (and user, starttls) to send the digest by mail"),
    ({"host": "smtp.example.org", "from": "a@example.org", "password": "x"},
     "[mail]: the password does not go in the config file; set $MISSIONTUI_SMTP_PASSWORD or store it with "
     "`keyring set missiontui USER`"),
    ({"host": "smtp.example.org", "from": "a@example.org", "tls": True},
     "[mail]: unknown setting 'tls' (known: host, port, user, from, starttls, timeout, cafile, languages)"),
    ({"host": "smtp.example.org", "from": "a@example.org", "port": "587"}, "[mail]: 'port' must be a number"),
    ({"host": "smtp.example.org", "from": "a@example.org", "starttls": "yes"},
     "[mail]: 'starttls' must be true or false"),
    ({"from": "a@example.org"}, "[mail]: 'host' is required (the SMTP server's name)"),
    ({"host": "smtp.example.org"}, "[mail]: 'from' must be the address messages are sent from, like missions@example.org"),
    ({"host": "smtp.example.org", "from": "a@example.org", "languages": {"Hugo": "de"}},
     "[mail.languages]: 'Hugo' must be \"en\" or \"fr\""),
])
def test_mail_settings_say_what_is_wrong(section, message):
    with pytest.raises(Exception) as error:
        mail_settings(section)
    assert str(error.value) == message


def test_mail_settings_defaults():
    assert mail_settings({"host": "smtp.example.org", "from": "a@example.org"}) == \
        MailSettings("smtp.example.org", 587, "", "a@example.org", True, 30.0, "", {})


def test_the_readme_mail_example_is_valid():
    import tomllib

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n[mail]", 1)[1].split("```", 1)[0]
    settings = mail_settings(tomllib.loads("[mail]" + block)["mail"])
    assert (settings.host, settings.port, settings.user, settings.starttls) == \
        ("smtp.example.org", 587, "missions@example.org", True)
    assert settings.languages == {"olivier véran": "fr", "claire@example.org": "en"}
