"""Fixtures shared across test files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from haoren.drawing.fonts import find_cjk_font

from .browser import PHONE, launch_chromium


@pytest.fixture(scope="session")
def font():
    """The Debian Noto CJK face cards, posters and the glyph check use (installed by `make test`)."""
    return find_cjk_font()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, one for the whole run: Playwright's sync API allows one instance at a time."""
    with sync_playwright() as playwright:
        try:
            chromium = launch_chromium(playwright)
        except FileNotFoundError as missing:
            pytest.fail(str(missing))
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser: Browser, origin: str) -> Iterator[BrowserContext]:
    """A fresh 390 px phone context on the test file's `origin` (each browser test file serves its own site)."""
    context = browser.new_context(**PHONE, base_url=origin)
    context.set_default_timeout(10_000)  # a broken page fails in seconds, not Playwright's 30
    yield context
    context.close()
