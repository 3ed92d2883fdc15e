"""QR codes of the shared pages: made once, remembered by URL across builds, read back by a phone."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from haoren.drawing import drawcache, qrcodes
from haoren.drawing.qrcodes import QrCodes, qr_modules, qr_svg

from ..render.test_share import rasterize_qr_svg

URLS = [f"https://haoren.example.cn/stories/story-{i}/" for i in range(3)]
SVGS = {url: qr_svg(url) for url in URLS}  # made before any test counts what is encoded


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The URLs whose codes are encoded."""
    calls: list[str] = []

    def counting(url: str) -> tuple[bytes, ...]:
        calls.append(url)
        return qr_modules(url)

    monkeypatch.setattr(qrcodes, "qr_modules", counting)
    return calls


def test_codes_are_made_once_and_remembered_by_the_next_build(tmp_path, made):
    first = QrCodes(tmp_path)
    first.prepare(URLS)
    assert [first.svg(url) for url in URLS] == [SVGS[url] for url in URLS]
    first.save()
    assert made == URLS
    second = QrCodes(tmp_path)
    second.prepare(URLS)
    assert [second.svg(url) for url in URLS] == [SVGS[url] for url in URLS]
    assert made == URLS


def test_many_codes_made_by_two_workers_equal_those_made_here_and_are_kept_alike(tmp_path, monkeypatch):
    monkeypatch.setattr(qrcodes, "_POOL_FROM", 10)
    urls = [f"https://haoren.example.cn/stories/story-{i}/" for i in range(40)]
    printed = urls[::3]
    here, pooled = QrCodes(tmp_path / "here"), QrCodes(tmp_path / "pooled")
    here.prepare(urls, posters=printed)
    pools = []
    pool = drawcache.ProcessPoolExecutor
    monkeypatch.setattr(drawcache, "ProcessPoolExecutor",
                        lambda **options: pools.append(options) or pool(**options))
    pooled.prepare(urls[:9], workers=2)  # too few to start workers for
    pooled.prepare(urls, posters=printed, workers=2)
    assert [options["max_workers"] for options in pools] == [2]
    assert [pooled.svg(url) for url in urls] == [here.svg(url) for url in urls]
    assert [url for url in urls if pooled.modules(url)] == printed[3:]  # the first nine were made unprinted
    assert [pooled.modules(url) for url in printed[3:]] == [here.modules(url) for url in printed[3:]]
    here.save()
    pooled.save()
    assert [path.read_bytes() for path in (tmp_path / "pooled").rglob("*.pickle")] == [
        path.read_bytes() for path in (tmp_path / "here").rglob("*.pickle")]


def test_a_code_not_prepared_is_made_when_asked(tmp_path, made):
    codes = QrCodes(tmp_path)
    assert codes.svg(URLS[0]) == SVGS[URLS[0]]
    assert made == URLS[:1]


def build_showing_every_code(cache_dir) -> None:
    """A build whose every page is made: each code prepared, shown, and kept."""
    codes = QrCodes(cache_dir)
    codes.prepare(URLS)
    for url in URLS:
        codes.svg(url)
    codes.save()


def test_only_the_codes_of_the_pages_a_build_shows_are_kept(tmp_path, made):
    build_showing_every_code(tmp_path)
    second = QrCodes(tmp_path)
    second.svg(URLS[1])  # the other pages were deleted
    second.save()
    made.clear()
    third = QrCodes(tmp_path)
    third.prepare(URLS)
    assert made == [URLS[0], URLS[2]]


def test_the_code_of_a_page_given_back_unmade_is_kept_for_the_next_build(tmp_path, made):
    """The page memo gives a page back without asking for its code: that it was prepared keeps it."""
    build_showing_every_code(tmp_path)
    second = QrCodes(tmp_path)
    second.prepare(URLS)
    second.svg(URLS[0])  # the one page an edit made again
    second.save()
    made.clear()
    third = QrCodes(tmp_path)
    third.prepare(URLS)
    assert made == []
    assert [third.svg(url) for url in URLS] == [SVGS[url] for url in URLS]


def test_a_damaged_cache_file_is_made_again(tmp_path, made):
    codes = QrCodes(tmp_path)
    codes.svg(URLS[0])
    codes.save()
    [stored] = (tmp_path / "qr-codes").glob("*.pickle")
    stored.write_bytes(stored.read_bytes()[:-20])
    made.clear()
    assert QrCodes(tmp_path).svg(URLS[0]) == SVGS[URLS[0]]
    assert made == URLS[:1]


def test_a_poster_gets_the_code_its_page_got_made_once(tmp_path, made):
    """The page's SVG and the poster's modules come from one code; URLs without a poster keep none."""
    poster = URLS[1]
    codes = QrCodes(tmp_path)
    codes.prepare(URLS, posters=[poster])
    assert codes.modules(poster) == qr_modules(poster)
    assert codes.svg(poster) == SVGS[poster]
    assert [codes.modules(url) for url in (URLS[0], URLS[2])] == [None, None]
    assert made == URLS  # the poster's code was not encoded a second time for its SVG


def test_a_code_remembered_from_the_last_build_gives_no_modules(tmp_path):
    """The cache keeps SVGs only: the poster, if it is drawn at all, makes its own code."""
    first = QrCodes(tmp_path)
    first.prepare(URLS, posters=URLS)
    for url in URLS:
        first.svg(url)
    first.save()
    second = QrCodes(tmp_path)
    second.prepare(URLS, posters=URLS)
    assert [second.modules(url) for url in URLS] == [None, None, None]


def test_the_modules_are_the_code_a_phone_reads(tmp_path):
    rows = qr_modules(URLS[0])
    size = len(rows)
    scale = 8
    picture = Image.new("L", (size * scale, size * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                picture.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == [URLS[0]]


def test_the_page_svg_is_the_code_a_phone_reads_with_its_title():
    """What the share bar shows: a titled image (read aloud as 微信扫一扫) that scans to the page."""
    svg = qr_svg(URLS[1], title="微信扫一扫 <页面>")
    assert svg.startswith('<svg role="img" focusable="false" ')
    assert "<title>微信扫一扫 &lt;页面&gt;</title>" in svg
    assert [r.text for r in zxingcpp.read_barcodes(rasterize_qr_svg(svg))] == [URLS[1]]


def test_codes_are_level_m_with_two_modules_of_quiet_zone_all_round():
    rows = qr_modules(URLS[0])
    assert len({len(row) for row in rows}) == 1 and len(rows) == len(rows[0])
    for edge in (*rows[:2], *rows[-2:], *(row[:2] for row in rows), *(row[-2:] for row in rows)):
        assert not any(edge)
    assert rows[2][2:9] == bytes([1] * 7)  # the top-left finder pattern starts inside the quiet zone
    picture = Image.new("L", (len(rows) * 8, len(rows) * 8), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                picture.paste(0, (x * 8, y * 8, (x + 1) * 8, (y + 1) * 8))
    [read] = zxingcpp.read_barcodes(picture)
    assert (read.format, read.ec_level) == (zxingcpp.BarcodeFormat.QRCode, "M")
