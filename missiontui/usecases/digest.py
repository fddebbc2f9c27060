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
from missiontui.core.i18n import Phrase, phrase
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
_WRONG_KIND = {int: "mail.not_number", (int, float): "mail.not_number", str: "mail.not_text", bool: "mail.not_bool",
               dict: "mail.not_table"}


def mail_settings(section: Mapping | None) -> MailSettings:
    """The [mail] table of the config, checked: one clear sentence for whatever is wrong."""
    if not section:
        raise InvalidInput.of("mail.no_section")
    if "password" in section:
        raise InvalidInput.of("mail.password_in_config", env=PASSWORD_ENV, service=KEYRING_SERVICE)
    for key, value in section.items():
        if key not in _MAIL_KEYS:
            raise InvalidInput.of("mail.unknown_setting", key=visible(key), known=", ".join(_MAIL_KEYS))
        expected = _MAIL_KEYS[key]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise InvalidInput.of(_WRONG_KIND[expected], key=key)
    host, sender = section.get("host", "").strip(), section.get("from", "").strip()
    if not host:
        raise InvalidInput.of("mail.no_host")
    if not sender or "@" not in sender:
        raise InvalidInput.of("mail.bad_from")
    port = section.get("port", 587)
    if not 0 < port < 65536:
        raise InvalidInput.of("mail.bad_port")
    timeout = float(section.get("timeout", 30))
    if not 0 < timeout <= 600:
        raise InvalidInput.of("mail.bad_timeout")
    languages = section.get("languages", {})
    for who, lang in languages.items():
        if lang not in ("en", "fr"):
            raise InvalidInput.of("mail.bad_language", who=visible(who))
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
                    default_lang: str) -> tuple[list[Outgoing], list[Phrase]]:
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
            problems.append(phrase("digest.no_email", name=visible(person.name)))
            continue
        lang = settings.languages.get(person.name.casefold()) or settings.languages.get(person.email.casefold()) \
            or default_lang
        message = EmailMessage()
        message["Subject"] = subject(own, lang)
        message["From"] = settings.sender
        try:
            message["To"] = Address(display_name=visible(person.name), addr_spec=person.email.strip())
        except (ValueError, IndexError) as exc:
            problems.append(phrase("digest.bad_email", name=visible(person.name), email=visible(person.email),
                                   reason=visible(str(exc))))
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
    refused: list[Phrase] = field(default_factory=list)  # one sentence per message the server would not take


def send(settings: MailSettings, password: str | None, outgoing: Sequence[Outgoing]) -> Delivery:
    """Send over one SMTP connection. A refused recipient is reported and the others still go; a server
    that cannot be reached, stays silent past the timeout, or refuses TLS or the login raises MailError."""
    where = f"{settings.host}:{settings.port}"
    delivery = Delivery()
    if not outgoing:
        return delivery
    if settings.user and not password:
        raise MailError.of("mail.no_password", user=visible(settings.user), env=PASSWORD_ENV, service=KEYRING_SERVICE)
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
                    delivery.refused.append(phrase("digest.recipient_refused", email=visible(item.person.email),
                                                   name=visible(item.person.name), code=code, said=_said(text)))
                except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                    delivery.refused.append(phrase("digest.message_refused", email=visible(item.person.email),
                                                   code=exc.smtp_code, said=_said(exc.smtp_error)))
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError.of("mail.login_refused", server=where, user=visible(settings.user), code=exc.smtp_code,
                           said=_said(exc.smtp_error), outcome=_nothing_more(delivery)) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError.of("mail.no_starttls", server=where, outcome=_nothing_more(delivery)) from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError.of("mail.certificate", server=where, reason=_said(exc.verify_message),
                           outcome=_nothing_more(delivery)) from None
    except (TimeoutError, socket.timeout, smtplib.SMTPServerDisconnected) as exc:
        # smtplib reports a read that timed out as "Connection unexpectedly closed: timed out"
        if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
            raise MailError.of("mail.timeout", server=where, seconds=f"{settings.timeout:g}",
                               outcome=_nothing_more(delivery)) from None
        raise MailError.of("mail.closed", server=where, outcome=_nothing_more(delivery)) from None
    except smtplib.SMTPException as exc:
        raise MailError.of("mail.refused", server=where, said=_said(str(exc)),
                           outcome=_nothing_more(delivery)) from None
    except ssl.SSLError as exc:
        raise MailError.of("mail.tls", server=where, reason=_said(exc.reason),
                           outcome=_nothing_more(delivery)) from None
    except OSError as exc:
        raise MailError.of("mail.unreachable", server=where, reason=_said(exc.strerror or exc),
                           outcome=_nothing_more(delivery)) from None
    return delivery


def _tls_context(settings: MailSettings) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=settings.cafile or None)
    except (OSError, ssl.SSLError) as exc:
        raise MailError.of("mail.cafile", path=visible(settings.cafile),
                           reason=_said(getattr(exc, "strerror", None) or exc)) from None


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


def _nothing_more(delivery: Delivery) -> Phrase:
    if not delivery.sent:
        return phrase("mail.nothing_sent")
    return phrase("mail.already_sent", count=len(delivery.sent))
