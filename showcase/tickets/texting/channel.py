"""The text channel: KakaoTalk Alimtalk with SMS/LMS fallback, or a .sms.json file in the outbox."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from flask import current_app

from ...events.models import Rsvp
from ..channels import Delivered, DeliveryError, find_in_outbox, outbox_dir, outbox_name
from ..models import OutboundMessage
from .compose import TextMessage, compose_text


def write_sms_json(folder: Path, name: str, text: TextMessage) -> Path:
    """Write the outbox file DESIGN.md describes (to, channel, kind, text) atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    body = {"to": text.to, "channel": text.medium, "kind": text.kind, "text": text.text}
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(body, out, ensure_ascii=False, indent=2)
        final = folder / name
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return final


def provider_configured() -> bool:
    """Whether text messages go through a provider (TEXT_PROVIDER) rather than the outbox folder."""
    return bool(current_app.config.get("TEXT_PROVIDER"))


class TextChannel:
    """Text messages to the household's mobile number."""

    name = "text"

    def address_for(self, rsvp: Rsvp) -> str | None:
        """The household's mobile number (E.164), if it gave one."""
        return rsvp.phone or None

    def compose(self, message: OutboundMessage) -> TextMessage:
        """The text for ``message`` in the household's language, from its state now."""
        return compose_text(message)

    def deliver(self, message: OutboundMessage, composed: TextMessage) -> Delivered:
        """Send through the provider in the config, or write a .sms.json file into the outbox."""
        provider = current_app.config.get("TEXT_PROVIDER")
        if provider == "solapi":
            from .solapi import SolapiClient

            status = SolapiClient().send(composed)
            return Delivered(f"solapi {status.message_id} {status.code}", composed.medium, status.message_id)
        if provider:
            raise DeliveryError(f"Unknown TEXT_PROVIDER {provider!r}; only 'solapi' is supported.",
                                permanent=True)
        try:
            path = write_sms_json(outbox_dir(), outbox_name(message, ".sms.json"), composed)
        except OSError as exc:
            raise DeliveryError(f"Could not write to the outbox folder ({type(exc).__name__}).") from exc
        return Delivered(f"outbox {path.name}", composed.medium)

    def tells_delivered(self) -> bool:
        """The outbox folder can tell. Solapi cannot: its message list is searched by its own
        message id (known only from the answer a killed worker never read), group, number or
        date, not by an id of ours, so an interrupted text waits outbox.STALE_SENDING."""
        return not provider_configured()

    def already_delivered(self, message: OutboundMessage) -> Delivered | None:
        """The .sms.json an earlier attempt wrote into the outbox, if it did."""
        if not self.tells_delivered():
            return None
        path = find_in_outbox(message, ".sms.json")
        if path is None:
            return None
        try:
            medium = json.loads(path.read_text(encoding="utf-8")).get("channel") or "sms"
        except (OSError, ValueError):
            medium = "sms"
        return Delivered(f"outbox {path.name}", medium)
