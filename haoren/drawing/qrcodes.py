"""The WeChat QR codes of the shared pages, as inline SVG: made in parallel once, then remembered by URL."""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import segno

from haoren.drawing.drawcache import mark_used, pool_context


def make_qr(url: str) -> segno.QRCode:
    """A regular (never micro) QR code at level M: phones' cameras read it off screens and paper."""
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, title: str = "微信扫一扫") -> str:
    """An inline <svg> of the QR code for `url`: self-contained, dark on white so it scans in dark mode."""
    svg = make_qr(url).svg_inline(
        scale=4, border=2, title=title, dark="#000", light="#fff", svgclass="share-qr", lineclass=None
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


# Part of the cache file's name: change it with any change to qr_svg's output.
QR_STYLE = "1: segno, level M, regular QR, scale 4, border 2, black on white, titled 微信扫一扫"
# segno chooses the best of eight masks in pure Python (about 4 ms a code): worth a pool from here.
_POOL_FROM = 64


class QrCodes:
    """One build's QR codes: what the last build made, plus what this one adds; kept for the next."""

    def __init__(self, cache_dir: Path):
        key = hashlib.sha256(f"{QR_STYLE}|segno {segno.__version__}".encode()).hexdigest()[:16]
        self._file = cache_dir / "qr-codes" / f"{key}.json"
        self._stored = _read(self._file)
        self._known = dict(self._stored)
        self._used: dict[str, str] = {}

    def prepare(self, urls: Iterable[str], workers: int = 2) -> None:
        """Make the codes of `urls` the cache lacks, in `workers` processes when there are many."""
        missing = [url for url in dict.fromkeys(urls) if url not in self._known]
        if workers > 1 and len(missing) >= _POOL_FROM:
            chunksize = math.ceil(len(missing) / (workers * 4))
            with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
                self._known.update(zip(missing, pool.map(_make, missing, chunksize=chunksize)))
        else:
            self._known.update((url, qr_svg(url)) for url in missing)

    def svg(self, url: str) -> str:
        """share.qr_svg(url), from the cache when it was made before."""
        if url not in self._known:
            self._known[url] = qr_svg(url)
        self._used[url] = self._known[url]
        return self._used[url]

    def save(self) -> None:
        """Keep the codes this build used (no others: a deleted page's code is dropped)."""
        if self._used == self._stored:
            mark_used(self._file)
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        for old in self._file.parent.glob("*.json"):  # another QR_STYLE or segno version: never read again
            if old != self._file:
                old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=self._file.parent, suffix=".tmp", delete=False,
                                         encoding="utf-8") as out:
            json.dump(self._used, out, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        os.replace(out.name, self._file)


def _make(url: str) -> str:
    """A worker's job (module-level, so it pickles)."""
    return qr_svg(url)


def _read(path: Path) -> dict[str, str]:
    try:
        with path.open(encoding="utf-8") as file:
            codes = json.load(file)
    except (OSError, ValueError):
        return {}
    return codes if isinstance(codes, dict) else {}
