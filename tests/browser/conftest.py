"""Real-browser journeys: Debian's Chromium driven by Playwright against a live server.

Screenshots go to artifacts/screenshots/ (git-ignored) so a person can look at them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.live_server import serve

CHROMIUM = os.environ.get("SHOWCASE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def app_config() -> dict:
    """Browser journeys run with CSRF on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup.sh (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served over real HTTP; yields its base URL."""
    with serve(app) as base_url:
        yield base_url


def _context(browser, locale: str, **options):
    context = browser.new_context(locale=locale, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def phone(browser):
    """A new phone-sized page factory: phone("ko") or phone("en")."""
    contexts = []

    def open_page(locale: str = "ko", **options):
        context = _context(browser, "ko-KR" if locale == "ko" else "en-US", **{**PHONE, **options})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def desktop(browser):
    """A new desktop-sized page factory, for organizer and judge screens."""
    contexts = []

    def open_page(locale: str = "ko", **options):
        context = _context(browser, "ko-KR" if locale == "ko" else "en-US",
                           viewport={"width": 1366, "height": 900}, **options)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot: screenshot(page, "rsvp-confirmed-ko")."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
