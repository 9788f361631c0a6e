"""Fixtures for tickets: the demo-like event at 11:00 in Seoul, QR decoding, a real SMTP server."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
import zxingcpp
from aiosmtpd.controller import Controller
from PIL import Image

from showcase.events.models import Event

EVENT_START = datetime(2027, 6, 20, 2, 0, tzinfo=UTC)  # 11:00 in Seoul


@pytest.fixture
def seoul_event(make_event) -> Event:
    """An event at 11:00 Seoul time, 20 June 2027, like the demo."""
    return make_event(slug="shared-parenting", title_ko="함께 키우는 우리 아이", title_en="Raising Our Children Together",
                      starts_at=EVENT_START, ends_at=EVENT_START + timedelta(hours=2),
                      address_ko="부산광역시 연제구 중앙대로 1001", address_en="1001 Jungang-daero, Yeonje-gu, Busan")


def decode_qr(image: Image.Image) -> list[str]:
    """Every QR code zxing-cpp finds in ``image``."""
    return [result.text for result in zxingcpp.read_barcodes(
        image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)]


def decode_png(data: bytes) -> list[str]:
    """Every QR code in a PNG or JPEG."""
    return decode_qr(Image.open(io.BytesIO(data)))


def parse_mail(data: bytes) -> EmailMessage:
    """An email parsed with the standard library, as a mail client would."""
    return BytesParser(policy=policy.default).parsebytes(data)


class Collector:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        self.received.set()
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on (right now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that can be started later than the app."""

    def __init__(self, port: int):
        self.port = port
        self.handler = Collector()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        return [parse_mail(raw) for raw in self.handler.messages]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def smtp_server(smtp_port) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, not started yet (call .start())."""
    server = SmtpServer(smtp_port)
    try:
        yield server
    finally:
        server.stop()
