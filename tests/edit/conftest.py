"""Fixtures of the editing commands' tests."""

from __future__ import annotations

import pytest

from ..sample_site import copy_sample_site


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A copy of the sample site, as an editor's clone: the real clock, no published site/ yet."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return copy_sample_site(tmp_path / "site")
