"""Channels a household can be reached through, and the transports that carry email.

A channel knows whether a household can be reached (``address_for``), how to write a message
for it (``compose``) and how to hand it over (``deliver``); one that can tell whether an earlier,
interrupted attempt already handed a message over (``already_delivered``) says so
(``tells_delivered``), so that message is never sent twice and need not wait. Email is here; text messages
(KakaoTalk Alimtalk with SMS/LMS fallback) are ``texting.channel.TextChannel``, installed by
``install_channel`` when the app starts. Which of them an event uses is ``reach.channels_for``.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import tempfile
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

from flask import current_app

from ..events.models import Rsvp
from .models import OutboundMessage

SMTP_TIMEOUT_SECONDS = 20


class DeliveryError(Exception):
    """A message could not be handed over; ``permanent`` means retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class Delivered:
    """What a channel reports after handing a message over."""

    reference: str                       # for tracing: outbox file name, server or provider answer
    medium: str                          # how it went: "email", "alimtalk", "sms", "lms"
    provider_message_id: str | None = None  # matched by the provider's later delivery reports


class Channel(Protocol):
    """A way of reaching a household: email, or text messages to its phone."""

    name: str

    def address_for(self, rsvp: Rsvp) -> str | None:
        """Where this channel reaches ``rsvp``'s household, or None if it cannot."""

    def compose(self, message: OutboundMessage) -> Any:
        """The message ready to hand over, in the household's language."""

    def deliver(self, message: OutboundMessage, composed: Any) -> str | Delivered:
        """Hand ``composed`` over; returns a reference for tracing, raises DeliveryError."""

    def tells_delivered(self) -> bool:
        """Whether ``already_delivered`` can answer, as configured now (optional: False if absent)."""

    def already_delivered(self, message: OutboundMessage) -> Delivered | None:
        """What an earlier attempt handed over of ``message``, or None if nothing (optional)."""


def outbox_dir() -> Path:
    """The folder the embedded transport writes .eml files into."""
    configured = current_app.config.get("OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def write_eml(folder: Path, name: str, mail: EmailMessage) -> Path:
    """Write ``mail`` as ``folder/name`` atomically: a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(mail.as_bytes())
        final = folder / name
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return final


def outbox_name(message: OutboundMessage, suffix: str) -> str:
    """The outbox file of ``message``: ``<date>-<time>-<id>-<kind><suffix>``, the same at every attempt."""
    return f"{message.created_at:%Y%m%d-%H%M%S}-{message.id:06d}-{message.kind.value}{suffix}"


def find_in_outbox(message: OutboundMessage, suffix: str) -> Path | None:
    """The outbox file an earlier attempt wrote for ``message``, if any (found by its id and kind:
    files appear whole, by rename, so one that is there was handed over)."""
    folder = outbox_dir()
    exact = folder / outbox_name(message, suffix)
    if exact.exists():
        return exact
    return next(iter(sorted(folder.glob(f"*-{message.id:06d}-{message.kind.value}{suffix}"))), None)


def remove_partial_files(older_than_seconds: float) -> int:
    """Remove the half-written temporary files a killed writer left in the outbox; how many."""
    removed, limit = 0, time.time() - older_than_seconds
    for path in outbox_dir().glob(".writing-*.tmp"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # renamed into place or removed meanwhile
    return removed


def send_smtp(mail: EmailMessage) -> str:
    """Send ``mail`` through the SMTP server in the config; raises DeliveryError."""
    config = current_app.config
    host, port = config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25)
    try:
        with smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS) as server:
            if config.get("SMTP_STARTTLS"):
                server.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USERNAME"):
                server.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
            refused = server.send_message(mail)
            if refused:
                raise DeliveryError("The mail server refused the recipient.", permanent=True)
            return f"smtp {host}:{port}"
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError("The mail server refused the recipient address.", permanent=True) from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"The mail server rejected the login (SMTP {exc.smtp_code}); "
                            "check SMTP_USERNAME and SMTP_PASSWORD.") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"The mail server answered SMTP {exc.smtp_code}.",
                            permanent=500 <= exc.smtp_code < 600 and exc.smtp_code != 552) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"Could not reach the mail server at {host}:{port} "
                            f"({type(exc).__name__}).") from exc


class EmailChannel:
    """Email: multipart text and HTML, the QR code inline and the .ics attached."""

    name = "email"

    def address_for(self, rsvp: Rsvp) -> str | None:
        """The household's email address, if it gave one."""
        return rsvp.email or None

    def compose(self, message: OutboundMessage) -> EmailMessage:
        """The email for ``message``, written now from the household's current state."""
        from .emails import compose_email

        return compose_email(message)

    def deliver(self, message: OutboundMessage, composed: EmailMessage) -> str:
        """Send through SMTP when SMTP_HOST is set, otherwise write an .eml into the outbox."""
        if current_app.config.get("SMTP_HOST"):
            return send_smtp(composed)
        try:
            path = write_eml(outbox_dir(), outbox_name(message, ".eml"), composed)
        except OSError as exc:
            raise DeliveryError(f"Could not write to the outbox folder ({type(exc).__name__}).") from exc
        return f"outbox {path.name}"

    def tells_delivered(self) -> bool:
        """The outbox folder can tell; an SMTP server cannot (it has no way to look a message up)."""
        return not current_app.config.get("SMTP_HOST")

    def already_delivered(self, message: OutboundMessage) -> Delivered | None:
        """The .eml an earlier attempt wrote into the outbox, if it did."""
        if not self.tells_delivered():
            return None
        path = find_in_outbox(message, ".eml")
        return Delivered(f"outbox {path.name}", "email") if path else None


#: every channel a household may be reached through, in order of preference
CHANNELS: list[Channel] = [EmailChannel()]


def install_channel(channel: Channel) -> None:
    """Add ``channel`` to CHANNELS (installing the same kind twice is harmless)."""
    if all(existing.name != channel.name for existing in CHANNELS):
        CHANNELS.append(channel)


def channel_named(name: str) -> Channel:
    """The channel called ``name``; KeyError if none is installed."""
    for channel in CHANNELS:
        if channel.name == name:
            return channel
    raise KeyError(name)
