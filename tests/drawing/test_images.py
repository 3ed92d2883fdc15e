"""Image verification, publishing (upright, metadata-free, responsive), caching and the <picture> markup."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from haoren.drawing.images import (
    PublishedImage,
    Rendition,
    UnusableImage,
    picture_html,
    publish_image,
    publish_images,
    verify_image,
)

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
LIMIT = "the limit is 40 megapixels"


def photo(path: Path, size=(400, 300), colour=(40, 120, 200), fmt=None, **save) -> Path:
    Image.new("RGB", size, colour).save(path, fmt, **save)
    return path


def noisy_jpeg(path: Path, size=(300, 300)) -> Path:
    Image.effect_noise(size, 80).convert("RGB").save(path, "JPEG", quality=90)
    return path


def png_header(width: int, height: int) -> bytes:
    """A PNG that only claims a size: a decompression bomb as far as the header goes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def animation(path: Path, fmt: str) -> Path:
    frames = [Image.new("RGB", (32, 32), colour) for colour in ("red", "blue", "green")]
    frames[0].save(path, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return path


@pytest.fixture
def count_decodes(monkeypatch):
    """Count every Image.open the code under test makes."""
    calls: list[object] = []
    real_open = Image.open

    def counting_open(*args, **kwargs):
        calls.append(args[0])
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    return calls


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_sound_still_image_passes(tmp_path, fmt):
    assert verify_image(photo(tmp_path / "a.img", fmt=fmt), tmp_path / "cache") is None


def test_a_phone_jpeg_with_extra_pictures_passes(tmp_path):
    # Phones write MPO (JPEG plus depth map or preview); Pillow names it MPO and counts two frames.
    path = tmp_path / "phone.jpg"
    Image.new("RGB", (64, 48), "red").save(path, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48))])
    assert Image.open(path).format == "MPO"
    assert verify_image(path, None) is None


@pytest.mark.parametrize(
    "name, make, message",
    [
        ("cut.jpg", lambda p: p.write_bytes(noisy_jpeg(p).read_bytes()[:3000]), "is truncated or damaged"),
        ("notes.jpg", lambda p: p.write_text("not a picture\n"), "is not a JPEG, PNG or WebP image"),
        ("empty.png", lambda p: p.write_bytes(b""), "is empty"),
        ("still.gif", lambda p: photo(p, fmt="GIF"), "is a GIF image; use JPEG, PNG or WebP"),
        ("moving.gif", lambda p: animation(p, "GIF"), "is a GIF image; use JPEG, PNG or WebP"),
        ("moving.webp", lambda p: animation(p, "WEBP"), "is animated; use a still JPEG, PNG or WebP"),
        ("moving.png", lambda p: animation(p, "PNG"), "is animated; use a still JPEG, PNG or WebP"),
        ("big.png", lambda p: p.write_bytes(png_header(8000, 5125)),
         f"is 8000x5125 pixels (41.0 megapixels); {LIMIT}: resize it to 7901x5062 or smaller"),
        ("warned.png", lambda p: p.write_bytes(png_header(10000, 9000)), f"is 90.0 megapixels; {LIMIT}"),
        ("bomb.png", lambda p: p.write_bytes(png_header(20000, 20000)), f"is 400.0 megapixels; {LIMIT}"),
    ],
)
def test_a_bad_image_is_refused_with_its_message(tmp_path, name, make, message):
    make(tmp_path / name)
    assert verify_image(tmp_path / name, tmp_path / "cache") == f'"{name}" {message}'


def test_the_message_quotes_the_path_as_the_editor_wrote_it(tmp_path):
    (tmp_path / "a.jpg").write_text("hello")
    message = verify_image(tmp_path / "a.jpg", None, label="photos/a.jpg")
    assert message == '"photos/a.jpg" is not a JPEG, PNG or WebP image'


def test_the_verdict_cache_decodes_unchanged_bytes_only_once(tmp_path, count_decodes):
    cache = tmp_path / "cache"
    good = noisy_jpeg(tmp_path / "good.jpg")
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(good.read_bytes()[:2000])
    assert verify_image(good, cache) is None
    assert verify_image(bad, cache) == '"bad.jpg" is truncated or damaged'
    assert len(count_decodes) == 2

    (tmp_path / "copy.jpg").write_bytes(good.read_bytes())  # same bytes, other name: still cached
    (tmp_path / "again.jpg").write_bytes(bad.read_bytes())
    assert verify_image(tmp_path / "copy.jpg", cache) is None
    assert verify_image(tmp_path / "again.jpg", cache) == '"again.jpg" is truncated or damaged'
    assert len(count_decodes) == 2

    noisy_jpeg(good, size=(200, 100))  # edited in place: decoded again
    assert verify_image(good, cache) is None
    assert len(count_decodes) == 3


@pytest.mark.parametrize("icc", [SRGB_ICC, None])
def test_published_images_carry_no_metadata(tmp_path, icc):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 42.0, 7.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://ns.adobe.com/xap/1.0/"/></x:xmpmeta>'
    source = photo(tmp_path / "src.jpg", size=(1200, 800), exif=exif, xmp=xmp, icc_profile=icc,
                   comment="taken at No. 3 Building")
    with Image.open(source) as original:  # the test photo really carries all of it
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo) and original.info.get("icc_profile") == icc
        assert "xmp" in original.info and "comment" in original.info

    published = publish_image(source, tmp_path / "out", tmp_path / "cache")

    assert {r.format for r in published.renditions} == {"webp", "jpeg"}
    for rendition in published.renditions:
        path = tmp_path / "out" / rendition.name
        with Image.open(path) as image:
            assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & image.info.keys()
            assert dict(image.getexif()) == {}
        data = path.read_bytes()
        for trace in (b"Exif", b"ICC_PROFILE", b"ns.adobe.com", b"PhoneCo", b"Building"):
            assert trace not in data


def test_a_photo_with_exif_orientation_6_comes_out_upright(tmp_path):
    stored = Image.new("RGB", (200, 100), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 40, 40))  # red marker in the stored top-left corner
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # "rotate 90° clockwise to display"
    stored.save(tmp_path / "turned.jpg", exif=exif, quality=95)

    published = publish_image(tmp_path / "turned.jpg", tmp_path / "out", tmp_path / "cache")

    assert (published.width, published.height) == (100, 200)
    for rendition in published.renditions:
        with Image.open(tmp_path / "out" / rendition.name) as image:
            image = image.convert("RGB")
            assert image.size == (100, 200)
            red = lambda xy: image.getpixel(xy)[0] > 200 and image.getpixel(xy)[2] < 60  # noqa: E731
            assert red((80, 20))  # top right once upright
            assert not red((20, 20)) and not red((20, 180)) and not red((80, 180))


@pytest.mark.parametrize(
    "size, widths",
    [((1000, 500), [480, 960]), ((300, 200), [300]),
     ((1600, 1200), [480, 960, 1600]), ((2400, 1000), [480, 960, 1600])],
)
def test_renditions_come_in_responsive_widths_never_upscaled(tmp_path, size, widths):
    published = publish_image(photo(tmp_path / "src.png", size=size), tmp_path / "out", tmp_path / "cache")

    expected = {(w, round(size[1] * w / size[0])) for w in widths}
    for fmt in ("WEBP", "JPEG"):
        found = set()
        for rendition in published.renditions:
            with Image.open(tmp_path / "out" / rendition.name) as image:
                assert image.size == (rendition.width, rendition.height)
                if image.format == fmt:
                    found.add(image.size)
        assert found == expected
    assert (published.width, published.height) == max(expected)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(r.name for r in published.renditions)


def test_a_large_jpeg_is_scaled_down_with_its_proportions(tmp_path):
    source = noisy_jpeg(tmp_path / "big.jpg", size=(4000, 3000))
    published = publish_image(source, tmp_path / "out", tmp_path / "cache")
    sizes = [(r.width, r.height) for r in published.renditions if r.format == "jpeg"]
    assert sizes == [(480, 360), (960, 720), (1600, 1200)]


def test_transparency_stays_in_webp_and_turns_white_in_jpeg(tmp_path):
    source = tmp_path / "logo.png"
    Image.new("RGBA", (100, 50), (255, 0, 0, 0)).save(source)
    published = publish_image(source, tmp_path / "out", tmp_path / "cache")
    webp, jpeg = published.renditions
    with Image.open(tmp_path / "out" / webp.name) as image:
        assert image.mode == "RGBA" and image.getpixel((50, 25))[3] == 0
    with Image.open(tmp_path / "out" / jpeg.name) as image:
        assert all(channel > 245 for channel in image.getpixel((50, 25)))


def test_file_names_follow_the_content(tmp_path):
    a = publish_image(photo(tmp_path / "a.jpg"), tmp_path / "out", tmp_path / "cache")
    b = publish_image(photo(tmp_path / "b.jpg"), tmp_path / "out", tmp_path / "cache")
    c = publish_image(photo(tmp_path / "c.jpg", colour=(1, 2, 3)), tmp_path / "out", tmp_path / "cache")
    assert a == b
    assert a.renditions[0].name != c.renditions[0].name
    assert a.renditions[0].name.endswith("-400.webp") and len(a.renditions[0].name) == len("a1b2c3d4e5-400.webp")


def test_publishing_the_same_bytes_again_decodes_nothing(tmp_path, count_decodes):
    first = publish_image(noisy_jpeg(tmp_path / "a.jpg"), tmp_path / "out", tmp_path / "cache")
    assert len(count_decodes) == 1
    (tmp_path / "copy.jpg").write_bytes((tmp_path / "a.jpg").read_bytes())
    assert publish_image(tmp_path / "copy.jpg", tmp_path / "elsewhere", tmp_path / "cache") == first
    assert len(count_decodes) == 1
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == sorted(r.name for r in first.renditions)


def test_a_rebuild_with_unchanged_images_decodes_nothing(tmp_path, monkeypatch):
    sources = [noisy_jpeg(tmp_path / "a.jpg", (1000, 800)), photo(tmp_path / "b.png", (700, 500)),
               noisy_jpeg(tmp_path / "c.jpg", (500, 500))]
    first = publish_images(sources, tmp_path / "out1", tmp_path / "cache", workers=2)  # a process pool
    assert list(first) == sources

    calls: list[object] = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: calls.append(a[0]) or real_open(*a, **k))
    second = publish_images(sources, tmp_path / "out2", tmp_path / "cache", workers=2)
    assert calls == []
    assert second == first
    for published in first.values():
        for rendition in published.renditions:
            copy, original = tmp_path / "out2" / rendition.name, tmp_path / "out1" / rendition.name
            assert copy.read_bytes() == original.read_bytes()

    noisy_jpeg(sources[2], (500, 400))  # one photo replaced: only it is decoded
    third = publish_images(sources, tmp_path / "out2", tmp_path / "cache", workers=2)
    assert len(calls) == 1
    assert (third[sources[2]].width, third[sources[2]].height) == (480, 384)
    assert third[sources[0]] == first[sources[0]]


def test_a_warm_rebuild_does_not_even_read_unchanged_photos(tmp_path, monkeypatch):
    sources = [noisy_jpeg(tmp_path / "a.jpg"), noisy_jpeg(tmp_path / "b.jpg", (200, 300))]
    publish_images(sources, tmp_path / "out", tmp_path / "cache", workers=1)
    read: list[Path] = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read(self))
    publish_images(sources, tmp_path / "out", tmp_path / "cache", workers=1)
    assert read == []


def test_publishing_a_bad_image_names_it(tmp_path):
    (tmp_path / "notes.jpg").write_text("hello")
    with pytest.raises(UnusableImage, match='notes.jpg" is not a JPEG, PNG or WebP image'):
        publish_image(tmp_path / "notes.jpg", tmp_path / "out", tmp_path / "cache")


IMAGE = PublishedImage(
    960, 640,
    (Rendition("abc-480.webp", 480, 320, "webp"), Rendition("abc-480.jpg", 480, 320, "jpeg"),
     Rendition("abc-960.webp", 960, 640, "webp"), Rendition("abc-960.jpg", 960, 640, "jpeg")),
)


def test_picture_html_escapes_a_hostile_alt():
    assert picture_html(IMAGE, "/images/", 'x" onerror="alert(1)"><script>alert(2)</script>') == (
        '<picture><source type="image/webp" srcset="/images/abc-480.webp 480w, /images/abc-960.webp 960w" '
        'sizes="(max-width: 760px) 100vw, 760px">'
        '<img src="/images/abc-960.jpg" srcset="/images/abc-480.jpg 480w, /images/abc-960.jpg 960w" '
        'sizes="(max-width: 760px) 100vw, 760px" width="960" height="640" '
        'alt="x&quot; onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;" '
        'loading="lazy" decoding="async"></picture>'
    )


def test_the_lead_image_is_not_lazy():
    html = picture_html(IMAGE, "../images", "李明在社区服务", lazy=False)
    assert 'loading=' not in html
    assert 'src="../images/abc-960.jpg"' in html and 'alt="李明在社区服务"' in html
