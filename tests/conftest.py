"""Fixtures shared across test files."""

from __future__ import annotations

import pytest

from haoren.drawing.fonts import find_cjk_font


@pytest.fixture(scope="session")
def font():
    """The Debian Noto CJK face cards, posters and the glyph check use (installed by `make test`)."""
    return find_cjk_font()
