"""Fixtures for text messages: the Solapi stand-in and an app configured to use it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from .solapi_standin import API_KEY, API_SECRET, SolapiStandIn


@pytest.fixture
def solapi() -> Iterator[SolapiStandIn]:
    """A running Solapi stand-in on 127.0.0.1."""
    stand_in = SolapiStandIn()
    stand_in.start()
    try:
        yield stand_in
    finally:
        stand_in.stop()


def solapi_config(stand_in: SolapiStandIn, **extra) -> dict:
    """App config that sends texts through ``stand_in``."""
    return {"TEXT_PROVIDER": "solapi", "SOLAPI_BASE_URL": stand_in.url, "SOLAPI_API_KEY": API_KEY,
            "SOLAPI_API_SECRET": API_SECRET, "TEXT_SENDER_NUMBER": "051-888-1234",
            "TEXT_TIMEOUT_SECONDS": 0.5, "MESSAGE_RETRY_DELAYS": [60, 300], **extra}


def sms_files(app) -> list[dict]:
    """Every .sms.json file in the outbox, in the order written, parsed."""
    folder = Path(app.instance_path) / "outbox"
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.sms.json"))]
