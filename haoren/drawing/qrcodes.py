"""The WeChat QR codes of the shared pages, as inline SVG: made once, then remembered by URL.

A code made in this build also gives its modules to the honoree's poster (QrCodes.modules): the
page and its poster encode the same URL.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from html import escape
from importlib import metadata
from pathlib import Path

import zxingcpp

from haoren.cachefile import keep_only, mark_used, read_kept
from haoren.drawing.drawcache import in_workers

QrModules = tuple[bytes, ...]  # a code's rows, quiet zone included: 1 a dark module, 0 a light one
QR_BORDER = 2  # modules of quiet zone, on the page and on the poster
_SVG_SCALE = 4  # pixels a module on the page


def qr_modules(url: str) -> QrModules:
    """The modules of `url`'s regular (never micro) QR code at level M, with QR_BORDER of quiet zone.

    Level M survives a scratched print or a glare on a screen; zxing-cpp (through zint) chooses the
    mask as the QR standard asks, in C: a fortieth of segno's time, which chose it in Python.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    size = pixels.shape[0]
    dark = pixels.tobytes().translate(_DARK_MODULES)
    quiet = bytes(size + 2 * QR_BORDER)
    side = bytes(QR_BORDER)
    rows = [side + dark[row * size:(row + 1) * size] + side for row in range(size)]
    return (quiet,) * QR_BORDER + tuple(rows) + (quiet,) * QR_BORDER


_DARK_MODULES = bytes(1 if value < 128 else 0 for value in range(256))  # the image's black pixels as 1


def qr_svg(url: str, title: str = "微信扫一扫") -> str:
    """An inline <svg> of the QR code for `url`: self-contained, dark on white so it scans in dark mode."""
    return _svg_of(qr_modules(url), title)


def _svg_of(modules: QrModules, title: str = "微信扫一扫") -> str:
    """One stroke a run of dark modules, along the row's middle line (no seams between modules)."""
    path = []
    for y, row in enumerate(modules):
        end = None
        for run in _DARK_RUN.finditer(row):  # after a row's first run, moves are relative: a shorter page
            path.append(f"M{run.start()} {y}.5" if end is None else f"m{run.start() - end} 0")
            path.append(f"h{run.end() - run.start()}")
            end = run.end()
    runs = "".join(path)
    side = len(modules)
    return (
        f'<svg role="img" focusable="false" width="{side * _SVG_SCALE}" height="{side * _SVG_SCALE}" '
        f'class="share-qr"><title>{escape(title)}</title><g transform="scale({_SVG_SCALE})">'
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/><path stroke="#000" d="{runs}"/></g></svg>'
    )


_DARK_RUN = re.compile(b"\x01+")


# Part of the cache file's name: change it with any change to qr_svg's output.
QR_STYLE = "2: zxing-cpp, level M, regular QR, scale 4, border 2, black on white, titled 微信扫一扫"
# Part of every name derived from a code (the cache file, a poster's): another encoder version may choose another mask.
QR_ENCODER = f"zxing-cpp {metadata.version('zxing-cpp')}"


class QrCodes:
    """One build's QR codes: what the last build made, plus what this one adds; kept for the next.

    Each code is held as its SVG's UTF-8, compressed (about 600 bytes, a seventh of the SVG as a str):
    a site of two editions at 10,000 stories has 26,000 of them, and only the pages a build makes
    need one unpacked.
    """

    def __init__(self, cache_dir: Path):
        key = hashlib.sha256(f"{QR_STYLE}|{QR_ENCODER}".encode()).hexdigest()[:16]
        self._file = cache_dir / "qr-codes" / f"{key}.pickle"
        stored = read_kept(self._file)
        whole = isinstance(stored, dict) and all(isinstance(code, bytes) for code in stored.values())
        self._stored: dict[str, bytes] = stored if whole else {}  # type: ignore[assignment]
        self._known = dict(self._stored)
        self._shown: set[str] = set()  # the URLs of the pages that show a code: the codes kept for the next build
        self._modules: dict[str, QrModules] = {}

    def prepare(self, urls: Iterable[str], posters: Iterable[str] = (), workers: int = 1) -> None:
        """Make the codes of `urls` (every page that shows one) the cache lacks, in `workers` processes when
        they are many; of those among `posters` (the URLs a poster will print), the modules are kept for
        `modules`."""
        printed = set(posters)
        missing = []
        for url in dict.fromkeys(urls):
            self._shown.add(url)
            if url not in self._known:
                missing.append((url, url in printed))
        for (packed, modules), (url, _) in zip(in_workers(_made_code, missing, workers, _POOL_FROM), missing):
            self._known[url] = packed
            if modules is not None:
                self._modules[url] = modules

    def modules(self, url: str) -> QrModules | None:
        """The modules of a poster's code made by `prepare` in this build; None when it was not (cached)."""
        return self._modules.get(url)

    def svg(self, url: str) -> str:
        """share.qr_svg(url), from the cache when it was made before."""
        if url not in self._known:
            self._known[url] = _packed(qr_svg(url))
        self._shown.add(url)
        return zlib.decompress(self._known[url]).decode()

    def save(self) -> None:
        """Keep the codes of the pages prepared or shown in this build (no others: a deleted page's code is dropped).

        A page the page memo gives back shows the code it was made with, and `prepare` had its URL.
        """
        kept = {url: self._known[url] for url in self._shown}
        if kept.keys() == self._stored.keys():  # a URL's code never changes within one file
            mark_used(self._file)
            return
        keep_only(self._file, kept)


def _packed(svg: str) -> bytes:
    return zlib.compress(svg.encode())


# Codes: below this, starting the workers costs more than they save (a code is about half a millisecond).
# A new site's first build makes one for each of its pages (16,000 at 10,000 stories: 7 s in one
# process), before any page can be made: the other core has nothing else to do then.
_POOL_FROM = 2000


def _made_code(wanted: tuple[str, bool]) -> tuple[bytes, QrModules | None]:
    """A URL's packed SVG, with its modules when a poster prints it."""
    url, printed = wanted
    modules = qr_modules(url)
    return _packed(_svg_of(modules)), modules if printed else None
