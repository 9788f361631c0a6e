"""Solapi's REST API (https://developers.solapi.com): send one message, read its delivery status.

Chosen over NCP SENS and NHN Cloud because one Solapi account sends KakaoTalk Alimtalk *and*
falls back to SMS/LMS by itself when Alimtalk cannot be delivered (not a KakaoTalk user, channel
blocked), with one documented JSON API and an HMAC-SHA256 key pair, and because it is the
provider most Korean community organisations already use. We speak the REST API with httpx instead
of the ``solapi`` SDK: the SDK fixes its base URL and timeouts, which a stand-in server in tests
and a bounded request inside a worker both need to set.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
from flask import current_app

from ..channels import DeliveryError
from .compose import TextMessage

DEFAULT_BASE_URL = "https://api.solapi.com"
SEND_PATH = "/messages/v4/send-many/detail"
LIST_PATH = "/messages/v4/list"
#: Solapi status codes of a message still on its way (accepted, handed to the carrier)
PENDING_CODES = frozenset({"2000", "3000"})
#: Solapi's status code of a message received by the phone
DELIVERED_CODE = "4000"
#: Solapi's type codes
MEDIUM_TYPES = {"alimtalk": "ATA", "sms": "SMS", "lms": "LMS"}


@dataclass(frozen=True)
class ProviderStatus:
    """What the provider says about one message now."""

    message_id: str
    code: str
    text: str

    @property
    def delivered(self) -> bool:
        """The phone received it."""
        return self.code == DELIVERED_CODE

    @property
    def pending(self) -> bool:
        """Still on its way."""
        return self.code in PENDING_CODES


def authorization(api_key: str, api_secret: str, now: datetime | None = None, salt: str | None = None) -> str:
    """Solapi's Authorization header: HMAC-SHA256 of date + salt with the API secret."""
    date = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    salt = salt or secrets.token_hex(16)
    signature = hmac.new(api_secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


def _local_number(number: str) -> str:
    """Digits only, in the national form Solapi wants: +821012345678 → 01012345678, 051-888-1234 → 0518881234."""
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if number.startswith("+82") else digits


class SolapiClient:
    """Solapi over HTTPS with the account in the config (SOLAPI_API_KEY, SOLAPI_API_SECRET, …)."""

    def __init__(self, config: dict | None = None):
        config = config or current_app.config
        self.base_url = (config.get("SOLAPI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.api_key = config.get("SOLAPI_API_KEY") or ""
        self.api_secret = config.get("SOLAPI_API_SECRET") or ""
        self.sender = _local_number(str(config.get("TEXT_SENDER_NUMBER") or ""))
        self.channel_id = config.get("KAKAO_CHANNEL_ID") or ""
        self.timeout = float(config.get("TEXT_TIMEOUT_SECONDS") or 10)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": authorization(self.api_key, self.api_secret),
                "Content-Type": "application/json; charset=utf-8"}

    def body_for(self, text: TextMessage) -> dict:
        """The JSON Solapi wants for one message."""
        message: dict = {"to": _local_number(text.to), "from": self.sender, "text": text.text,
                         "type": MEDIUM_TYPES[text.medium]}
        if text.subject:
            message["subject"] = text.subject
        if text.medium == "alimtalk":
            # disableSms false: Solapi itself sends the same words as SMS/LMS if Alimtalk fails
            message["kakaoOptions"] = {"pfId": self.channel_id, "templateId": text.template_code,
                                       "variables": text.variables, "disableSms": False}
        return {"messages": [message], "showMessageList": True}

    def send(self, text: TextMessage) -> ProviderStatus:
        """Hand one message to Solapi; DeliveryError (permanent for a refused number or account)."""
        try:
            response = httpx.post(self.base_url + SEND_PATH, json=self.body_for(text),
                                  headers=self._headers(), timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise DeliveryError("The text provider did not answer in time.") from exc
        except httpx.HTTPError as exc:
            raise DeliveryError(f"Could not reach the text provider ({type(exc).__name__}).") from exc
        if response.status_code >= 500:
            raise DeliveryError(f"The text provider answered HTTP {response.status_code}.")
        answer = _json(response)
        if response.status_code >= 400:
            code = str(answer.get("errorCode") or response.status_code)
            # 401/403: wrong key or unregistered sender; 400: a request it will never accept; 429: later
            raise DeliveryError(f"The text provider refused the message ({code}).",
                                permanent=response.status_code not in (408, 429))
        for failed in answer.get("failedMessageList") or []:
            raise DeliveryError(f"The text provider refused the number ({failed.get('statusCode', '?')}: "
                                f"{failed.get('statusMessage', '')}).", permanent=True)
        listed = answer.get("messageList") or []
        entries = list(listed.values()) if isinstance(listed, dict) else listed
        if not entries or not entries[0].get("messageId"):
            raise DeliveryError("The text provider's answer named no message.")
        first = entries[0]
        return ProviderStatus(str(first["messageId"]), str(first.get("statusCode") or "2000"),
                              str(first.get("statusMessage") or ""))

    def statuses(self, message_ids: list[str]) -> list[ProviderStatus]:
        """The provider's current status of each message (polling, where no webhook is set up)."""
        found = []
        for message_id in message_ids:
            try:
                response = httpx.get(self.base_url + LIST_PATH, params={"messageId": message_id},
                                     headers=self._headers(), timeout=self.timeout)
            except httpx.HTTPError:
                continue  # asked again on the next round
            if response.status_code != 200:
                continue
            listed = _json(response).get("messageList") or {}
            entries = list(listed.values()) if isinstance(listed, dict) else listed
            for entry in entries:
                if str(entry.get("messageId")) == message_id:
                    found.append(ProviderStatus(message_id, str(entry.get("statusCode") or ""),
                                                str(entry.get("statusMessage") or "")))
        return found


def _json(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
