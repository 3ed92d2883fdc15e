"""The small programs the benchmark times in fresh processes: `python -m bench.runners NAME ARGS`.

yaml-floor SITE                        read every content file and parse its YAML (CSafeLoader): the floor under check
pillow-copies PHOTOS OUT WORKERS MODE  plain Pillow resizes to the same widths and formats as ours (MODE plain|draft)
publish-images PHOTOS OUT CACHE WORKERS  haoren.images.publish_images, ours

Each prints one line `BENCH {json}` with its own in-process time and a count, so start-up cost can be told apart.
"""

from __future__ import annotations

import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WIDTHS = (480, 960, 1600)  # as haoren.images.DEFAULT_WIDTHS
WEBP_QUALITY, JPEG_QUALITY = 80, 82  # as haoren.images; the baseline encodes the same way
CONTENT_GLOBS = ("stories/**/*.md", "honorees/**/*.yml", "content/**/*.yml", "content/pages/**/*.md")


def parse_yaml_floor(site: Path) -> int:
    """Read every content file and parse its YAML (the front matter of Markdown files); return the file count."""
    import yaml

    count = 0
    for pattern in CONTENT_GLOBS:
        for path in sorted(site.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".md":
                end = text.find("\n---", 4) if text.startswith("---\n") else -1
                text = text[4:end] if end > 0 else ""
            yaml.load(text, Loader=yaml.CSafeLoader)
            count += 1
    return count


def copy_resized(photo: Path, out: Path, draft: bool) -> int:
    """The plain Pillow way: upright, RGB, LANCZOS to each width, WebP and JPEG; return files written."""
    from PIL import Image, ImageOps

    image = Image.open(photo)
    if draft:  # the same JPEG DCT shrinking ours uses: decode no more pixels than the largest width needs
        upright_width = image.height if image.getexif().get(0x0112) in (5, 6, 7, 8) else image.width
        scale = max(WIDTHS) / upright_width
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    image = ImageOps.exif_transpose(image).convert("RGB")
    written = 0
    for width in WIDTHS:
        height = round(image.height * width / image.width)
        scaled = image.resize((width, height), Image.Resampling.LANCZOS)
        scaled.save(out / f"{photo.stem}-{width}.webp", "WEBP", quality=WEBP_QUALITY, method=4)
        scaled.save(out / f"{photo.stem}-{width}.jpg", "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        written += 2
    return written


def copy_all_resized(photos: list[Path], out: Path, workers: int, draft: bool) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(copy_resized, photos, [out] * len(photos), [draft] * len(photos)))


def publish_ours(photos: list[Path], out: Path, cache: Path, workers: int) -> int:
    from haoren.drawing.images import publish_images

    published = publish_images(photos, out, cache, workers=workers)
    return sum(len(image.renditions) for image in published.values())


def main(argv: list[str]) -> int:
    name, args = argv[0], argv[1:]
    start = time.perf_counter()
    if name == "yaml-floor":
        count = parse_yaml_floor(Path(args[0]))
    elif name == "pillow-copies":
        photos = sorted(Path(args[0]).glob("*.jpg"))
        count = copy_all_resized(photos, Path(args[1]), int(args[2]), draft=args[3] == "draft")
    elif name == "publish-images":
        photos = sorted(Path(args[0]).glob("*.jpg"))
        count = publish_ours(photos, Path(args[1]), Path(args[2]), int(args[3]))
    else:
        print(f"unknown runner {name!r}", file=sys.stderr)
        return 2
    print("BENCH " + json.dumps({"inner_s": round(time.perf_counter() - start, 3), "count": count}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
