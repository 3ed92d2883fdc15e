"""Fixtures shared across test files."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from haoren.drawing.fonts import find_cjk_font

from .browser import launch_chromium


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
