"""Images: verify editors' files, derive upright metadata-free responsive renditions, cache both by content hash."""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import os
import re
import shutil
import tempfile
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import PIL
from PIL import ExifTags, Image, ImageCms, ImageOps

from haoren.cachefile import mark_used

MAX_PIXELS = 40_000_000
# Pillow calls phone JPEGs that carry extra pictures (depth maps, previews) "MPO"; the first picture is the photo.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
DEFAULT_WIDTHS = (480, 960, 1600)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
# Bump RULES when verify_image judges differently, PIPELINE when renditions come out differently:
# each is part of its cache key, together with the Pillow version that did the work.
RULES = "2: JPEG/PNG/WebP by content, 40 MP from the header (naming the largest allowed size), still, decodes whole"
PIPELINE = "1: draft, exif_transpose, sRGB, no metadata, WebP q80 + progressive JPEG q82"
VERDICT_TAG = hashlib.sha256(f"{RULES}|{MAX_PIXELS}|Pillow {PIL.__version__}".encode()).hexdigest()[:16]
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class UnusableImage(ValueError):
    """Raised by publish_image for a file that breaks the image rules; the message quotes the file."""


class _Refusal(Exception):
    """One broken rule; the message is what follows the quoted file name."""


@dataclass(frozen=True)
class Rendition:
    name: str  # e.g. "a1b2c3d4e5-960.webp", relative to the images output folder
    width: int
    height: int
    format: str  # "webp" or "jpeg"


@dataclass(frozen=True)
class PublishedImage:
    width: int  # of the largest rendition
    height: int
    renditions: tuple[Rendition, ...]


def verify_image(path: Path, cache_dir: Path | None, label: str | None = None) -> str | None:
    """Return None when `path` may be published, else one message such as `"a.jpg" is truncated or damaged`.

    `label` is how the file is quoted (the path as the editor wrote it); it defaults to the file name.
    The verdict is cached under `cache_dir` by the sha256 of the bytes, so unchanged files are not decoded again.
    """
    shown = path.name if label is None else label
    try:
        data = path.read_bytes()
    except OSError as error:
        return f'"{shown}" cannot be read ({error.strerror or error})'
    record = None
    if cache_dir is not None:
        record = cache_dir / "image-verdicts" / VERDICT_TAG / f"{hashlib.sha256(data).hexdigest()}.json"
        cached = read_cache_record(record)
        if cached is not None and "verdict" in cached:
            mark_used(record)
            verdict = cached["verdict"]
            return None if verdict is None else f'"{shown}" {verdict}'
    try:
        _decode(data)
        verdict = None
    except _Refusal as refusal:
        verdict = str(refusal)
    if record is not None:
        write_cache_record(record, {"verdict": verdict})
    return None if verdict is None else f'"{shown}" {verdict}'


def _decode(data: bytes, largest_width: int | None = None) -> tuple[Image.Image, int, int]:
    """Decode `data` once under the rules; return the image and its upright width and height.

    When only `largest_width` upright pixels are wanted, JPEGs are shrunk in the decoder (DCT scaling).
    Raises _Refusal with the verdict.
    """
    if not data:
        raise _Refusal("is empty")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            _check_header(image)
            width, height = image.size
            if image.getexif().get(ExifTags.Base.Orientation) in (5, 6, 7, 8):
                width, height = height, width
            if largest_width is not None and largest_width < width:
                scale = largest_width / width
                image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            image.load()
        except _Refusal:
            raise
        except Image.UnidentifiedImageError:
            raise _Refusal("is not a JPEG, PNG or WebP image") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
            raise _Refusal(_bomb_verdict(str(bomb))) from None
        except Exception:  # Pillow raises undocumented types (IndexError, struct.error, ...) on damaged files
            raise _Refusal("is truncated or damaged") from None
    return image, width, height


def _check_header(image: Image.Image) -> None:
    """Refuse from the header alone what must never be decoded."""
    kind = ACCEPTED_FORMATS.get(image.format or "")
    if kind is None:
        article = "an" if image.format[:1] in "AEFHILMNORSX" else "a"  # said as letters: "an ICO", "a GIF"
        raise _Refusal(f"is {article} {image.format} image; use JPEG, PNG or WebP")
    width, height = image.size
    if width * height > MAX_PIXELS:
        fit_width, fit_height = largest_allowed(width, height)
        raise _Refusal(
            f"is {width}x{height} pixels ({width * height / 1e6:.1f} megapixels); "
            f"the limit is {MAX_PIXELS // 1_000_000} megapixels: resize it to {fit_width}x{fit_height} or smaller"
        )
    if kind != "JPEG" and getattr(image, "n_frames", 1) > 1:
        raise _Refusal("is animated; use a still JPEG, PNG or WebP")


def largest_allowed(width: int, height: int) -> tuple[int, int]:
    """The largest size of the same shape within MAX_PIXELS."""
    scale = math.sqrt(MAX_PIXELS / (width * height))
    fit_width, fit_height = max(1, math.floor(width * scale)), max(1, math.floor(height * scale))
    while fit_width * fit_height > MAX_PIXELS:  # floating point may land one pixel over
        fit_width, fit_height = (fit_width - 1, fit_height) if fit_width >= fit_height else (fit_width, fit_height - 1)
    return fit_width, fit_height


def _bomb_verdict(pillow_message: str) -> str:
    """Word Pillow's own decompression-bomb refusal, which knows the pixel count but not the size."""
    limit = f"the limit is {MAX_PIXELS // 1_000_000} megapixels"
    found = re.search(r"\((\d+) pixels\)", pillow_message)
    if found is None:
        return f"is too large; {limit}"
    return f"is {int(found.group(1)) / 1e6:.1f} megapixels; {limit}"


def publish_image(
    source: Path, out_dir: Path, cache_dir: Path, widths: Iterable[int] = DEFAULT_WIDTHS
) -> PublishedImage:
    """Put WebP and JPEG renditions of `source` in `out_dir`, deriving them only when `cache_dir` lacks them."""
    widths = tuple(sorted(set(widths)))
    data = source.read_bytes()
    key = _derivation_key(data, widths)
    store = cache_dir / "image-renditions"
    published = _cached(store, key)
    if published is None:
        try:
            image, width, height = _decode(data, largest_width=max(widths))
        except _Refusal as refusal:
            raise UnusableImage(f'"{source}" {refusal}') from None
        published = _derive(_upright_srgb(image), width, height, widths, key, store)
    _install(published, store, out_dir)
    return published


def publish_images(
    sources: Iterable[Path], out_dir: Path, cache_dir: Path, workers: int = 2
) -> dict[Path, PublishedImage]:
    """Publish every source once, deriving uncached ones in a pool of `workers` processes; keyed by source."""
    unique = list(dict.fromkeys(sources))
    store = cache_dir / "image-renditions"
    published: dict[Path, PublishedImage] = {}
    missing: dict[str, list[Path]] = {}
    for source, key in _source_keys(unique, store).items():
        cached = _cached(store, key)
        if cached is None:
            missing.setdefault(key, []).append(source)
        else:
            _install(cached, store, out_dir)
            published[source] = cached
    firsts = [same[0] for same in missing.values()]
    if len(firsts) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(firsts))) as pool:
            futures = [pool.submit(publish_image, source, out_dir, cache_dir) for source in firsts]
            results = [future.result() for future in futures]
    else:
        results = [publish_image(source, out_dir, cache_dir) for source in firsts]
    for same, result in zip(missing.values(), results):
        published.update((source, result) for source in same)
    return {source: published[source] for source in unique}


def picture_html(
    image: PublishedImage,
    url_prefix: str,
    alt: str,
    sizes: str = "(max-width: 760px) 100vw, 760px",
    lazy: bool = True,
) -> str:
    """Return a `<picture>`: WebP source, JPEG fallback, both responsive; lazy unless it is the lead image."""
    base = url_prefix.rstrip("/") + "/" if url_prefix else ""

    def url(rendition: Rendition) -> str:
        return html.escape(base + rendition.name, quote=True)

    def srcset(kind: str) -> str:
        return ", ".join(f"{url(r)} {r.width}w" for r in image.renditions if r.format == kind)

    fallback = [r for r in image.renditions if r.format == "jpeg"][-1]
    sizes_attr = html.escape(sizes, quote=True)
    loading = ' loading="lazy"' if lazy else ""
    return (
        f'<picture><source type="image/webp" srcset="{srcset("webp")}" sizes="{sizes_attr}">'
        f'<img src="{url(fallback)}" srcset="{srcset("jpeg")}" sizes="{sizes_attr}" '
        f'width="{image.width}" height="{image.height}" alt="{html.escape(alt, quote=True)}"'
        f'{loading} decoding="async"></picture>'
    )


def _derivation_key(data: bytes, widths: Iterable[int]) -> str:
    """Name renditions by what they are made of: the source bytes and every setting."""
    settings = json.dumps(
        {"pipeline": PIPELINE, "pillow": PIL.__version__, "widths": sorted(set(widths)),
         "webp": WEBP_QUALITY, "jpeg": JPEG_QUALITY},
        sort_keys=True,
    )
    digest = hashlib.sha256(settings.encode() + b"\0")
    digest.update(data)  # not concatenated: a 10 MB photo is not copied just to be hashed
    return digest.hexdigest()[:10]


def _source_keys(sources: list[Path], store: Path) -> dict[Path, str]:
    """Derivation keys, re-hashing a file only when its size or modification time changed.

    Like make, this trusts the file system's clock: a warm build then reads no photo at all,
    which is what keeps it a small fraction of a cold one.
    """
    memo_path = store / "sources.json"
    memo = read_cache_record(memo_path) or {}
    fresh: dict[str, str] = {}
    keys: dict[Path, str] = {}
    for source in sources:
        status = source.stat()
        stamp = f"{source}|{status.st_size}|{status.st_mtime_ns}"
        key = memo.get(stamp)
        if not isinstance(key, str):
            key = _derivation_key(source.read_bytes(), DEFAULT_WIDTHS)
        fresh[stamp] = keys[source] = key
    if fresh != memo:
        store.mkdir(parents=True, exist_ok=True)
        write_cache_record(memo_path, fresh)
    return keys


def _upright_srgb(image: Image.Image) -> Image.Image:
    """Rotate by the EXIF orientation and convert to 8-bit sRGB (RGBA only if transparency is used), no metadata."""
    ImageOps.exif_transpose(image, in_place=True)
    profile = image.info.get("icc_profile")
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scale to 8 bits instead of clipping to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    mode = "RGBA" if image.has_transparency_data else "RGB"
    if image.mode not in ("L", "RGB", "RGBA", "CMYK"):
        image = image.convert(mode)
    if profile:
        try:
            image = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a damaged or mismatched profile: reading the pixels as sRGB beats refusing the photo
    if image.mode != mode:
        image = image.convert(mode)
    if mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    image.info = {}
    return image


def _target_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The requested widths the source can fill without upscaling; the source width if it is below them all."""
    return [w for w in widths if w <= width] or [width]


def _derive(
    image: Image.Image, width: int, height: int, widths: tuple[int, ...], key: str, store: Path
) -> PublishedImage:
    """Write every rendition and then the manifest into `store`; the manifest marks the derivation complete."""
    renditions = []
    for target in _target_widths(width, widths):
        size = (target, max(1, round(height * target / width)))
        scaled = image.resize(size, Image.Resampling.LANCZOS) if image.size != size else image.copy()
        scaled.info = {}
        webp = Rendition(f"{key}-{target}.webp", *size, "webp")
        _write_atomically(store / webp.name, lambda out: scaled.save(out, "WEBP", quality=WEBP_QUALITY, method=4))
        opaque = scaled
        if scaled.mode == "RGBA":  # JPEG has no transparency: show it against white, like the page
            opaque = Image.new("RGB", size, "white")
            opaque.paste(scaled, mask=scaled.getchannel("A"))
        jpeg = Rendition(f"{key}-{target}.jpg", *size, "jpeg")
        _write_atomically(
            store / jpeg.name,
            lambda out: opaque.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True),
        )
        renditions += [webp, jpeg]
    largest = renditions[-1]
    published = PublishedImage(largest.width, largest.height, tuple(renditions))
    write_cache_record(
        store / f"{key}.json",
        {"width": published.width, "height": published.height,
         "renditions": [[r.name, r.width, r.height, r.format] for r in renditions]},
    )
    return published


def _cached(store: Path, key: str) -> PublishedImage | None:
    """The derivation recorded under `key`, if its manifest and every file are there."""
    manifest = read_cache_record(store / f"{key}.json")
    try:
        renditions = tuple(Rendition(str(n), int(w), int(h), str(f)) for n, w, h, f in manifest["renditions"])
        published = PublishedImage(int(manifest["width"]), int(manifest["height"]), renditions)
    except (TypeError, KeyError, ValueError):
        return None
    if not renditions or not all((store / r.name).is_file() for r in renditions):
        return None
    mark_used(store / f"{key}.json", *(store / r.name for r in renditions))
    return published


def _install(published: PublishedImage, store: Path, out_dir: Path) -> None:
    """Hard-link (or, across file systems, copy) the renditions from the cache into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for rendition in published.renditions:
        source, target = store / rendition.name, out_dir / rendition.name
        if target.exists() and os.path.samefile(source, target):
            continue
        temporary = out_dir / f".{rendition.name}.{os.getpid()}.tmp"
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copyfile(source, temporary)
        os.replace(temporary, target)


def read_cache_record(path: Path) -> dict | None:
    """A cache record, or None when it is missing or unreadable (then the work is simply redone)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def write_cache_record(path: Path, record: dict) -> None:
    _write_atomically(path, lambda out: out.write(json.dumps(record).encode()))


def _write_atomically(path: Path, write) -> None:
    """Write through a temporary file and rename, so concurrent runs never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
