"""The WeChat QR codes of the shared pages, as inline SVG: made in parallel once, then remembered by URL.

A code made in this build also gives its modules to the honoree's poster (QrCodes.modules): segno's
mask choice is most of a code's cost, and the page and its poster encode the same URL.
"""

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


QrModules = tuple[bytes, ...]  # a code's rows, quiet zone included: 1 a dark module, 0 a light one
QR_BORDER = 2  # modules of quiet zone, on the page and on the poster


def qr_modules(url: str) -> QrModules:
    """The modules of `url`'s code with QR_BORDER of quiet zone: what a poster draws."""
    return _modules_of(make_qr(url))


def _modules_of(code: segno.QRCode) -> QrModules:
    return tuple(bytes(row) for row in code.matrix_iter(scale=1, border=QR_BORDER))


def qr_svg(url: str, title: str = "微信扫一扫") -> str:
    """An inline <svg> of the QR code for `url`: self-contained, dark on white so it scans in dark mode."""
    return _svg_of(make_qr(url), title)


def _svg_of(code: segno.QRCode, title: str = "微信扫一扫") -> str:
    svg = code.svg_inline(
        scale=4, border=QR_BORDER, title=title, dark="#000", light="#fff", svgclass="share-qr", lineclass=None
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
        self._modules: dict[str, QrModules] = {}

    def prepare(self, urls: Iterable[str], workers: int = 2, posters: Iterable[str] = ()) -> None:
        """Make the codes of `urls` the cache lacks, in `workers` processes when there are many.

        Of those among `posters` (the URLs a poster will print), the modules are kept for `modules`.
        """
        missing = [url for url in dict.fromkeys(urls) if url not in self._known]
        printed = set(posters)
        jobs = [(url, url in printed) for url in missing]
        if workers > 1 and len(missing) >= _POOL_FROM:
            chunksize = math.ceil(len(missing) / (workers * 4))
            with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context()) as pool:
                made = list(pool.map(_make, jobs, chunksize=chunksize))
        else:
            made = [_make(job) for job in jobs]
        for url, (svg, modules) in zip(missing, made):
            self._known[url] = svg
            if modules is not None:
                self._modules[url] = modules

    def modules(self, url: str) -> QrModules | None:
        """The modules of a poster's code made by `prepare` in this build; None when it was not (cached)."""
        return self._modules.get(url)

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


def _make(job: tuple[str, bool]) -> tuple[str, QrModules | None]:
    """The SVG of a URL's code, and its modules when a poster prints it (module-level, so it pickles)."""
    url, printed = job
    if not printed:
        return qr_svg(url), None
    code = make_qr(url)
    return _svg_of(code), _modules_of(code)


def _read(path: Path) -> dict[str, str]:
    try:
        with path.open(encoding="utf-8") as file:
            codes = json.load(file)
    except (OSError, ValueError):
        return {}
    return codes if isinstance(codes, dict) else {}
