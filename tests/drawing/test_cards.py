"""Share cards: the 1200x630 JPEG, and drawing every page's card once, cached by what it shows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from haoren.drawing import cards
from haoren.drawing.cards import CardJob, draw_card, draw_cards
from haoren.drawing.fonts import GlyphCheckFailed, GlyphFailure, GlyphMissing

LONG_TITLE = (
    "潍坊好人刘海涛：三十年如一日照顾孤寡老人，用平凡行动诠释“好人”二字的真正含义，"
    "带动全村青年加入志愿服务队伍，累计服务时长超过一万小时"
)
EVIL_EYE = "\U0001f9ff"  # 🧿, an emoji Noto Sans CJK has no glyph for
SITE = "潍坊文明网"


@pytest.fixture
def draws(monkeypatch):
    """The titles of the cards drawn in this process (few jobs are drawn without worker processes)."""
    drawn: list[str] = []
    real = cards.draw_card

    def counting(out, **fields):
        drawn.append(fields["title"])
        real(out, **fields)

    monkeypatch.setattr(cards, "draw_card", counting)
    return drawn


def write_photo(path: Path, size=(1600, 1200), colour=(90, 140, 200), **save) -> Path:
    Image.new("RGB", size, colour).save(path, **save)
    return path


def story_jobs(count: int) -> list[CardJob]:
    return [CardJob(f"/stories/s{i}/", f"第{i}位好人：危急时刻跳入冰河救人", SITE) for i in range(count)]


def test_card_is_a_1200x630_jpeg_under_1_mb(tmp_path, font):
    out = tmp_path / "card.jpg"
    draw_card(out, title=LONG_TITLE, site_name=SITE, image=write_photo(tmp_path / "p.jpg"), font=font)
    with Image.open(out) as card:
        assert (card.format, card.size, card.mode) == ("JPEG", (1200, 630), "RGB")
    assert out.stat().st_size < 1_000_000


def test_card_of_pure_noise_still_stays_under_1_mb(tmp_path, font):
    noise = Image.frombytes("RGB", (1200, 630), os.urandom(1200 * 630 * 3))
    noise.save(tmp_path / "noise.png")
    out = tmp_path / "card.jpg"
    draw_card(out, title="噪点照片", site_name=SITE, image=tmp_path / "noise.png", font=font)
    assert out.stat().st_size < 1_000_000


def test_card_without_a_photo_uses_the_brand_colour(tmp_path, font):
    out = tmp_path / "card.jpg"
    draw_card(out, title="“最美志愿者”评选结果公示", site_name=SITE, image=None, font=font)
    with Image.open(out) as card:
        assert card.size == (1200, 630)
        red, green, blue = card.getpixel((20, 20))
        assert red > 150 and green < 60 and blue < 60


def test_card_photo_is_turned_upright_and_carries_no_metadata(tmp_path, font):
    # Stored landscape, top half red; EXIF orientation 6 means "turn 90° clockwise to view":
    # upright, the red half is on the right.
    stored = Image.new("RGB", (1200, 900), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 1200, 450))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Camera maker"
    stored.save(tmp_path / "sideways.jpg", exif=exif)
    out = tmp_path / "card.jpg"
    draw_card(out, title="好人", site_name=SITE, image=tmp_path / "sideways.jpg", font=font)
    with Image.open(out) as card:  # the photo stands upright, centred above the text panel
        left, right = card.getpixel((500, 100)), card.getpixel((700, 100))
        assert left[2] > 200 and left[0] < 60
        assert right[0] > 200 and right[2] < 60
        assert not card.getexif()


def test_centre_square_keeps_the_photos_centre(tmp_path, font):
    photo = Image.new("RGB", (1600, 1200), (0, 0, 0))
    photo.paste((0, 255, 0), (700, 500, 900, 700))  # the subject, in the middle
    photo.save(tmp_path / "subject.png")
    out = tmp_path / "card.jpg"
    draw_card(out, title="好人", site_name=SITE, image=tmp_path / "subject.png", font=font)
    with Image.open(out) as card:  # the whole photo, centred above the text panel
        red, green, blue = card.getpixel((600, 200))
        assert green > 200 and red < 60 and blue < 60


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_photo_is_never_enlarged(tmp_path, font):
    """The judges saw an 800 px photo enlarged 1.5x into stair steps: a small photo stays its size."""
    for size in ((300, 200), (800, 1000)):
        photo = write_photo(tmp_path / f"{size[0]}.png", size=size, colour=(0, 255, 0), format="PNG")
        out = tmp_path / f"card-{size[0]}.jpg"
        draw_card(out, title="为环卫工人免费提供爱心早餐的最美志愿者", site_name=SITE, image=photo, font=font)
        with Image.open(out) as card:
            green = card.convert("RGB").point(lambda v: 255 if v > 200 else 0).split()[1]
            red = card.convert("RGB").split()[0].point(lambda v: 255 if v < 80 else 0)
            left, top, right, bottom = Image.composite(green, Image.new("L", card.size), red).getbbox()
        assert right - left <= size[0] + 2 and bottom - top <= size[1] + 2, (size, (left, top, right, bottom))


def test_the_title_sits_on_a_solid_panel_at_4_5_to_1_over_any_photo(tmp_path, font):
    """White text on a cream photo read at 2.1:1: now the photo never shows behind the text."""
    drawn = {}
    for name, colour in (("cream", (250, 240, 220)), ("black", (0, 0, 0))):
        photo = write_photo(tmp_path / f"{name}.png", colour=colour, format="PNG")
        draw_card(tmp_path / f"{name}.jpg", title=LONG_TITLE, site_name=SITE, image=photo, font=font)
        drawn[name] = Image.open(tmp_path / f"{name}.jpg").convert("RGB")
    cream, black = drawn["cream"], drawn["black"]
    width, height = cream.size
    photo_rows = {y for y in range(height)
                  if any(abs(a - b) > 40 for x in range(0, width, 4)
                         for a, b in zip(cream.getpixel((x, y)), black.getpixel((x, y))))}
    text_rows = {y for y in range(height)
                 if any(min(cream.getpixel((x, y))) > 235 and min(black.getpixel((x, y))) > 235
                        for x in range(285, 915, 2))}
    assert text_rows and not photo_rows & text_rows
    panel = cream.getpixel((10, max(text_rows)))
    assert contrast((255, 255, 255), panel) >= 4.5, panel


def test_glyph_missing_from_the_font_is_named(tmp_path, font):
    assert ord(EVIL_EYE) not in font.codepoints
    out = tmp_path / "card.jpg"
    with pytest.raises(GlyphMissing) as raised:
        draw_card(out, title=f"好人{EVIL_EYE}好事{EVIL_EYE}", site_name=SITE, image=None, font=font)
    assert raised.value.missing == {"title": EVIL_EYE}
    assert str(raised.value) == f'title: the font has no glyph for "{EVIL_EYE}"'
    assert not out.exists()


def test_every_page_gets_its_card_under_the_output_folder(tmp_path, font):
    jobs = story_jobs(2) + [CardJob("/honorees/liu/", "刘海涛", SITE, write_photo(tmp_path / "liu.jpg"))]
    made = draw_cards(jobs, tmp_path / "site", tmp_path / "cache", font)
    assert set(made) == {"/stories/s0/", "/stories/s1/", "/honorees/liu/"}
    assert len(set(made.values())) == 3
    for name in made.values():
        assert re.fullmatch(r"cards/[0-9a-f]{16}\.jpg", name)
        with Image.open(tmp_path / "site" / name) as card:
            assert (card.format, card.size) == ("JPEG", (1200, 630))


def test_a_second_build_draws_nothing(tmp_path, font, draws):
    jobs = story_jobs(3) + [CardJob("/honorees/liu/", "刘海涛", SITE, write_photo(tmp_path / "liu.jpg"))]
    first = draw_cards(jobs, tmp_path / "site1", tmp_path / "cache", font)
    assert len(draws) == 4
    second = draw_cards(jobs, tmp_path / "site2", tmp_path / "cache", font)
    assert len(draws) == 4
    assert second == first
    for name in second.values():
        assert (tmp_path / "site2" / name).read_bytes() == (tmp_path / "site1" / name).read_bytes()


def test_changing_a_title_redraws_exactly_that_card(tmp_path, font, draws):
    jobs = story_jobs(3)
    first = draw_cards(jobs, tmp_path / "site1", tmp_path / "cache", font)
    draws.clear()
    jobs[1] = CardJob("/stories/s1/", "第1位好人：冰河救人", SITE)
    second = draw_cards(jobs, tmp_path / "site2", tmp_path / "cache", font)
    assert draws == ["第1位好人：冰河救人"]
    assert second["/stories/s1/"] != first["/stories/s1/"]
    assert {k: v for k, v in second.items() if k != "/stories/s1/"} == {
        k: v for k, v in first.items() if k != "/stories/s1/"
    }


def test_a_photo_changed_in_place_redraws_its_card(tmp_path, font, draws):
    photo = write_photo(tmp_path / "liu.jpg", colour=(200, 30, 30))
    jobs = [CardJob("/honorees/liu/", "刘海涛", SITE, photo)]
    first = draw_cards(jobs, tmp_path / "site1", tmp_path / "cache", font)
    write_photo(photo, colour=(30, 30, 200))
    second = draw_cards(jobs, tmp_path / "site2", tmp_path / "cache", font)
    assert len(draws) == 2
    assert second != first
    with Image.open(tmp_path / "site2" / second["/honorees/liu/"]) as card:
        red, green, blue = card.getpixel((600, 100))
        assert blue > 150 and red < 60


def test_cards_finished_before_a_failure_are_kept(tmp_path, font, draws):
    broken = tmp_path / "broken.jpg"
    broken.write_text("not a picture")
    jobs = [CardJob("/stories/a/", "先画好的", SITE), CardJob("/stories/b/", "照片坏了", SITE, broken)]
    with pytest.raises(OSError):
        draw_cards(jobs, tmp_path / "site1", tmp_path / "cache", font)
    write_photo(broken)
    draws.clear()
    draw_cards(jobs, tmp_path / "site2", tmp_path / "cache", font)
    assert draws == ["照片坏了"]


def test_pages_with_the_same_title_share_one_card(tmp_path, font, draws):
    jobs = [CardJob("/topics/a/", "学雷锋志愿服务", SITE), CardJob("/campaigns/a/", "学雷锋志愿服务", SITE)]
    made = draw_cards(jobs, tmp_path / "site", tmp_path / "cache", font)
    assert made["/topics/a/"] == made["/campaigns/a/"]
    assert draws == ["学雷锋志愿服务"]


def test_every_glyph_failure_is_reported_before_anything_is_drawn(tmp_path, font, draws):
    jobs = [
        CardJob("/stories/a/", f"好人{EVIL_EYE}", SITE),
        CardJob("/stories/b/", "好人好事", SITE),
        CardJob("/stories/c/", "好人😀", f"潍坊{EVIL_EYE}文明网"),
    ]
    with pytest.raises(GlyphCheckFailed) as raised:
        draw_cards(jobs, tmp_path / "site", tmp_path / "cache", font)
    assert raised.value.failures == (
        GlyphFailure("/stories/a/", "title", EVIL_EYE),
        GlyphFailure("/stories/c/", "title", "😀"),
        GlyphFailure("/stories/c/", "site_name", EVIL_EYE),
    )
    assert str(raised.value).splitlines() == [
        f'/stories/a/: title: the font has no glyph for "{EVIL_EYE}"',
        '/stories/c/: title: the font has no glyph for "😀"',
        f'/stories/c/: site_name: the font has no glyph for "{EVIL_EYE}"',
    ]
    assert draws == []
    assert not (tmp_path / "site").exists()


def test_the_same_key_twice_is_refused(tmp_path, font):
    with pytest.raises(ValueError, match="the same key given twice: /stories/a/"):
        draw_cards([CardJob("/stories/a/", "一", SITE)] * 2, tmp_path / "site", tmp_path / "cache", font)


def test_cards_drawn_by_worker_processes_are_the_ones_drawn_in_process(tmp_path, font, draws):
    jobs = story_jobs(40)
    pooled = draw_cards(jobs, tmp_path / "site1", tmp_path / "cache1", font, workers=2)
    assert draws == []  # all drawn in the workers
    alone = draw_cards(jobs, tmp_path / "site2", tmp_path / "cache2", font, workers=1)
    assert len(draws) == 40
    assert pooled == alone
    for name in alone.values():
        assert (tmp_path / "site1" / name).read_bytes() == (tmp_path / "site2" / name).read_bytes()


def test_cards_left_in_the_cache_are_drawn_once_and_written_nowhere_else(tmp_path, font, draws):
    # A build publishes the cache's own files: at 10,000 stories a link of its own for each of
    # 15,000 drawings, made and removed again, was half a second of an edit.
    from haoren.drawing.drawcache import cached_file

    named = {cards.card_name(job, font): job for job in story_jobs(3)}
    cache = tmp_path / "cache"
    cards.draw_named_cards(named, None, cache, font)
    cards.draw_named_cards(named, None, cache, font)
    assert len(draws) == 3
    for name in named:
        with Image.open(cached_file(cache, name, ".jpg")) as card:
            assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache"]


def test_named_cards_check_the_glyphs_of_the_cards_the_cache_lacks_before_drawing_any(tmp_path, font, draws,
                                                                                      monkeypatch):
    cache = tmp_path / "cache"
    drawn = {cards.card_name(job, font): job for job in story_jobs(2)}
    cards.draw_named_cards(drawn, None, cache, font)
    refused, new = CardJob("/stories/x/", f"好人{EVIL_EYE}", SITE), CardJob("/stories/y/", "新的好人", SITE)
    checked: list[list[str]] = []
    real = cards.check_all_glyphs
    monkeypatch.setattr(cards, "check_all_glyphs",
                        lambda f, texts: checked.append(sorted(texts)) or real(f, texts))
    asked = {**drawn, **{cards.card_name(job, font): job for job in (refused, new)}}
    with pytest.raises(GlyphCheckFailed) as raised:
        cards.draw_named_cards(asked, None, cache, font)
    assert str(raised.value).splitlines() == [f'/stories/x/: title: the font has no glyph for "{EVIL_EYE}"']
    assert checked == [["/stories/x/", "/stories/y/"]]  # the cached cards' texts passed when they were drawn
    assert len(draws) == 2  # the two cached; the new card waits for the refused one to be mended
