"""Synthetic photo-like JPEGs (smooth colour fields, gradients, grain; EXIF orientation on some) for image benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

PHOTO_SIZE = (4000, 3000)
JPEG_QUALITY = 90
ORIENTATIONS = (1, 1, 6, 1, 3, 1, 8, 1, 1, 1)  # about 3 in 10 need rotating, as phone photos do
ORIENTATION_TAG = 0x0112
VERSION = "1"  # bump when the pictures come out differently, so old ones are not reused


def generate_photos(folder: Path, count: int = 50, seed: int = 0) -> list[Path]:
    """Write `count` deterministic 4000x3000 JPEGs (quality 90) into `folder`; reuse ones already written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"photo-v{VERSION}-s{seed}-{index:03d}.jpg"
        if not path.is_file():
            _write_photo(path, random.Random(f"{seed}-{index}"), ORIENTATIONS[index % len(ORIENTATIONS)])
        paths.append(path)
    return paths


def _write_photo(path: Path, rng: random.Random, orientation: int) -> None:
    width, height = PHOTO_SIZE
    # Large soft colour fields (a tiny random image blown up), hard-edged shapes, light, then sensor grain.
    scene = _random_rgb(rng, (12, 9)).resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(scene)
    for _ in range(40):
        x, y = rng.randrange(width), rng.randrange(height)
        box = (x, y, x + rng.randrange(50, 900), y + rng.randrange(50, 900))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    detail = _random_rgb(rng, (400, 300)).resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    scene = Image.blend(scene, detail, 0.2)
    light = Image.linear_gradient("L").resize(PHOTO_SIZE).convert("RGB")
    if rng.random() < 0.5:
        light = light.transpose(Image.Transpose.ROTATE_180)
    scene = Image.blend(scene, light, 0.3)
    grain = Image.frombytes("L", PHOTO_SIZE, rng.randbytes(width * height)).convert("RGB")
    scene = Image.blend(scene, grain, 0.08)
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    temporary = path.with_suffix(".tmp")
    scene.save(temporary, "JPEG", quality=JPEG_QUALITY, exif=exif.tobytes())
    temporary.replace(path)


def _random_rgb(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
