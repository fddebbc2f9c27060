"""`missiontui due`: the digest of what is late and due soon, printed or mailed one message per person.

Mail goes through the SMTP server of the config's [mail] table (validated by `mail_settings`).
The password comes from $MISSIONTUI_SMTP_PASSWORD or the system keyring, and is never printed,
logged or stored: error messages name the server and the user, never the secret.
"""

from __future__ import annotations

import base64
import os
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from missiontui.core.errors import InvalidInput, MissionError
from missiontui.core.model import DeliverableFilter, Person
from missiontui.core.report.digest import Digest, build_digest, render_text, subject
from missiontui.core.textsafe import visible
from missiontui.store import Store
from missiontui.usecases.inputs import find_person

PASSWORD_ENV = "MISSIONTUI_SMTP_PASSWORD"
KEYRING_SERVICE = "missiontui"


class MailError(MissionError):
    """The mail server could not be used (unreachable, silent, refused the login or TLS): nothing more was sent."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int = 587
    user: str = ""
    sender: str = ""  # the From address ("from" in the config)
    starttls: bool = True
    timeout: float = 30.0  # seconds to wait for the server at each step
    cafile: str = ""  # a CA bundle to trust besides the system's (an internal PKI)
    languages: Mapping[str, str] = field(default_factory=dict)  # person name or email → "en" / "fr"


_MAIL_KEYS = {"host": str, "port": int, "user": str, "from": str, "starttls": bool, "timeout": (int, float),
              "cafile": str, "languages": dict}


def mail_settings(section: Mapping | None) -> MailSettings:
    """The [mail] table of the config, checked: one clear sentence for whatever is wrong."""
    if not section:
        raise InvalidInput("no [mail] table in the config file: add host, port, from (and user, starttls) "
                           "to send the digest by mail")
    if "password" in section:
        raise InvalidInput(f"[mail]: the password does not go in the config file; set ${PASSWORD_ENV} or store "
                           f"it with `keyring set {KEYRING_SERVICE} USER`")
    for key, value in section.items():
        if key not in _MAIL_KEYS:
            raise InvalidInput(f"[mail]: unknown setting '{key}' (known: {', '.join(_MAIL_KEYS)})")
        expected = _MAIL_KEYS[key]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            kind = "number" if key in ("port", "timeout") else {str: "text", bool: "true or false",
                                                                 dict: "table"}.get(expected, "value")
            raise InvalidInput(f"[mail]: '{key}' must be a {kind}")
    host, sender = section.get("host", "").strip(), section.get("from", "").strip()
    if not host:
        raise InvalidInput("[mail]: 'host' is required (the SMTP server's name)")
    if not sender or "@" not in sender:
        raise InvalidInput("[mail]: 'from' must be the address messages are sent from, like missions@example.org")
    port = section.get("port", 587)
    if not 0 < port < 65536:
        raise InvalidInput("[mail]: 'port' must be between 1 and 65535")
    timeout = float(section.get("timeout", 30))
    if not 0 < timeout <= 600:
        raise InvalidInput("[mail]: 'timeout' is a number of seconds from 0 to 600")
    languages = section.get("languages", {})
    for who, lang in languages.items():
        if lang not in ("en", "fr"):
            raise InvalidInput(f"[mail.languages]: '{visible(who)}' must be \"en\" or \"fr\"")
    return MailSettings(host, port, section.get("user", "").strip(), sender, section.get("starttls", True), timeout,
                        section.get("cafile", ""), {k.casefold(): v for k, v in languages.items()})


def mail_password(settings: MailSettings, environ: Mapping[str, str] = os.environ) -> str | None:
    """$MISSIONTUI_SMTP_PASSWORD, else the keyring's entry (service "missiontui", the mail user), else None."""
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    if not settings.user:
        return None
    try:
        import keyring  # optional: `pip install keyring`, then `keyring set missiontui USER`
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.user)
    except Exception:  # no usable keyring backend (headless servers): fall back to "no password"
        return None


# --- the digest --------------------------------------------------------------------------------

def digest(store: Store, *, today: date, within_days: int, owner: str | None = None,
           mission: str | None = None) -> Digest:
    """Open deliverables due up to today + within_days (late ones included), of everyone or of `owner`."""
    if mission:
        mission = store.mission(mission).reference
    if owner:
        owner = find_person(store, owner).name
    items = store.deliverables(DeliverableFilter(mission=mission, owner=owner, open_only=True,
                                                 due_before=today + timedelta(days=within_days)))
    return build_digest(items, today=today, within_days=within_days)


@dataclass(frozen=True)
class Outgoing:
    person: Person
    message: EmailMessage
    items: int


def digest_messages(team: Digest, people: Sequence[Person], settings: MailSettings,
                    default_lang: str) -> tuple[list[Outgoing], list[str]]:
    """One message per person who owns something in the digest, with their own items, in their language.
    Also the sentences for people it cannot go to (no email address)."""
    outgoing, problems = [], []
    now = datetime.now(timezone.utc)
    domain = settings.sender.rpartition("@")[2] or "missiontui"
    for person in people:
        own = team.for_person(person.name)
        if own.empty:
            continue
        if not person.email:
            problems.append(f"no digest for {visible(person.name)}: no email address")
            continue
        lang = settings.languages.get(person.name.casefold()) or settings.languages.get(person.email.casefold()) \
            or default_lang
        message = EmailMessage()
        message["Subject"] = subject(own, lang)
        message["From"] = settings.sender
        try:
            message["To"] = Address(display_name=visible(person.name), addr_spec=person.email.strip())
        except (ValueError, IndexError) as exc:
            problems.append(f"no digest for {visible(person.name)}: '{visible(person.email)}' is not an email "
                            f"address ({exc})")
            continue
        message["Date"] = format_datetime(now)
        message["Message-ID"] = make_msgid(domain=domain)
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
        message.set_content(render_text(own, lang, person.name), charset="utf-8")
        outgoing.append(Outgoing(person, message, len(own.late) + len(own.soon)))
    return outgoing, problems


@dataclass
class Delivery:
    sent: list[Outgoing] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one sentence per message the server would not take


def send(settings: MailSettings, password: str | None, outgoing: Sequence[Outgoing]) -> Delivery:
    """Send over one SMTP connection. A refused recipient is reported and the others still go; a server
    that cannot be reached, stays silent past the timeout, or refuses TLS or the login raises MailError."""
    where = f"{settings.host}:{settings.port}"
    delivery = Delivery()
    if not outgoing:
        return delivery
    if settings.user and not password:
        raise MailError(f"no password for the mail user '{settings.user}': set ${PASSWORD_ENV} or store it "
                        f"with `keyring set {KEYRING_SERVICE} {settings.user}`; nothing was sent")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout,
                          local_hostname="localhost") as smtp:
            if settings.starttls:
                smtp.starttls(context=_tls_context(settings))
            if settings.user:
                _login(smtp, settings.user, password)
            for item in outgoing:
                try:
                    smtp.send_message(item.message)
                    delivery.sent.append(item)
                except smtplib.SMTPRecipientsRefused as exc:
                    code, text = next(iter(exc.recipients.values()))
                    delivery.refused.append(f"the mail server refused {item.person.email} "
                                            f"({visible(item.person.name)}): {code} {_said(text)}")
                except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                    delivery.refused.append(f"the mail server refused the message to {item.person.email}: "
                                            f"{exc.smtp_code} {_said(exc.smtp_error)}")
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"the mail server {where} refused the login of '{settings.user}' "
                        f"({exc.smtp_code} {_said(exc.smtp_error)}); {_nothing_more(delivery)}") from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"the mail server {where} does not offer STARTTLS; set starttls = false only if the "
                        f"network to it is trusted; {_nothing_more(delivery)}") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(f"the certificate of the mail server {where} could not be verified "
                        f"({exc.verify_message}); set cafile to your CA bundle; {_nothing_more(delivery)}") from None
    except (TimeoutError, socket.timeout, smtplib.SMTPServerDisconnected) as exc:
        # smtplib reports a read that timed out as "Connection unexpectedly closed: timed out"
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            raise MailError(f"the mail server {where} did not answer within {settings.timeout:g} s; "
                            f"{_nothing_more(delivery)}") from None
        raise MailError(f"the mail server {where} closed the connection; {_nothing_more(delivery)}") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"the mail server {where} refused: {_said(str(exc))}; {_nothing_more(delivery)}") from None
    except ssl.SSLError as exc:
        raise MailError(f"TLS with the mail server {where} failed ({exc.reason}); {_nothing_more(delivery)}") from None
    except OSError as exc:
        raise MailError(f"cannot reach the mail server {where} ({exc.strerror or exc}); "
                        f"{_nothing_more(delivery)}") from None
    return delivery


def _tls_context(settings: MailSettings) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=settings.cafile or None)
    except (OSError, ssl.SSLError) as exc:
        raise MailError(f"[mail] cafile '{visible(settings.cafile)}' cannot be read as CA certificates "
                        f"({getattr(exc, 'strerror', None) or exc}); nothing was sent") from None


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib's login encodes credentials as ASCII; a password with "é" goes as RFC 4616 PLAIN, in UTF-8."""
    if user.isascii() and password.isascii():
        smtp.login(user, password)
        return
    smtp.ehlo_or_helo_if_needed()
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, answer = smtp.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _said(text) -> str:
    """What the server said, as one visible line."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return visible(str(text))


def _nothing_more(delivery: Delivery) -> str:
    if not delivery.sent:
        return "nothing was sent"
    return f"messages already sent: {len(delivery.sent)}"
