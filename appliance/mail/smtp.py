"""Sending one email over SMTP: STARTTLS, implicit TLS (SSL) or plain, with optional login.

Failures come back as MailFailed, told apart as temporary (the server is down, busy or
greylisting: try later) or permanent (wrong password, refused recipient, bad certificate:
a person must fix something, so retrying would only hide it).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from appliance.config import Mail
from appliance.mail.outbox import MailFailed, Transport


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "starttls"            # starttls, ssl or none
    username: str = ""
    password: str = ""
    timeout: float = 20.0

    @classmethod
    def from_config(cls, mail: Mail) -> "SmtpSettings":
        return cls(mail.host, mail.port, mail.security, mail.username, mail.password, mail.timeout_seconds)


def smtp_transport(settings: SmtpSettings, tls: ssl.SSLContext | None = None) -> Transport:
    """A sender for the email outbox. ``tls`` defaults to the system's trusted certificates."""
    context = tls or ssl.create_default_context()

    def send(message: EmailMessage) -> None:
        try:
            with _connect(settings, context) as smtp:
                if settings.security == "starttls":
                    smtp.starttls(context=context)
                if settings.username:
                    smtp.login(settings.username, settings.password)
                smtp.send_message(message)
        except Exception as exc:  # noqa: BLE001 - each kind of failure is classified below
            raise classify(exc, settings) from exc

    return send


def _connect(settings: SmtpSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)


def classify(exc: Exception, settings: SmtpSettings) -> MailFailed:
    where = f"{settings.host}:{settings.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return MailFailed(f"{where} refused the login for {settings.username!r}: check mail.username and "
                          "mail.password", temporary=False)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return MailFailed(f"{where} does not offer {settings.security.upper()} or login: check mail.security",
                          temporary=False)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return MailFailed(f"{where}'s certificate is not trusted ({exc.verify_message})", temporary=False)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return MailFailed(f"{where} refused the recipient: {_first_refusal(exc)}", temporary=False)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return MailFailed(f"{where} answered {exc.smtp_code} {text}", temporary=400 <= exc.smtp_code < 500)
    if isinstance(exc, (OSError, smtplib.SMTPException)):
        return MailFailed(f"could not talk to {where}: {exc}", temporary=True)
    return MailFailed(f"unexpected error sending through {where}: {exc!r}", temporary=False)


def _first_refusal(exc: smtplib.SMTPRecipientsRefused) -> str:
    for address, (code, text) in exc.recipients.items():
        return f"{address}: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return "no recipient accepted"
