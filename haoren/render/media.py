"""Published media: which images the site model shows, and their responsive files under /media/."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from haoren.drawing.images import PublishedImage, picture_html, publish_images
from haoren.drawing.pngs import lossless_png
from haoren.model.site import Site
from haoren.schema import Image

MEDIA_FOLDER = "media"


@dataclass(frozen=True)
class Media:
    """The derived image files of one build and how pages refer to them."""

    images: Mapping[Path, PublishedImage]  # by source file
    files: Mapping[str, Path]  # site-relative output path -> derived file
    url_prefix: str = f"/{MEDIA_FOLDER}/"  # carries the path of base_url for a site served under one
    # The office's WeChat QR as a lossless PNG: (site URL, width, height); None without one.
    footer_qr: tuple[str, int, int] | None = None

    def image_html(self, image: Image, lazy: bool) -> str:
        return picture_html(self.images[image.source], self.url_prefix, image.alt, lazy=lazy)

    def image_size(self, image: Image) -> tuple[int, int]:
        """The pixel size of the largest rendition: what a page shows at most."""
        published = self.images[image.source]
        return published.width, published.height

    def largest_url(self, source: Path, base_url: str) -> tuple[str, int, int]:
        """The biggest JPEG rendition, absolute: what share metadata and feeds point at."""
        published = self.images[source]
        jpeg = [r for r in published.renditions if r.format == "jpeg"][-1]
        return f"{base_url}/{MEDIA_FOLDER}/{jpeg.name}", jpeg.width, jpeg.height


def shown_images(site: Site) -> list[Image]:
    """Only what a published page shows: covers of published stories and topics, consented photos,
    and the images in the Markdown of those pages (a bio's only with consent to photos)."""
    images = [s.cover for s in site.stories if s.cover]
    images += [t.cover for t in site.topics if t.cover]
    images += [h.photo for h in site.honorees if h.photo and h.consent.photo]
    texts = [*site.stories, *site.topics, *(view.campaign for view in site.campaigns), *site.pages]
    texts += [h for h in site.honorees if h.consent.photo]
    images += [image for item in texts for image in item.body_images]
    return images  # the WeChat QR is published apart, as a lossless PNG (prepare_media)


def prepare_media(site: Site, cache_dir: Path, work_dir: Path, workers: int = 2) -> Media:
    """Derive (or take from the cache) every shown image into `work_dir`; nothing unpublished is touched."""
    sources = sorted({image.source for image in shown_images(site)})
    published = publish_images(sources, work_dir, cache_dir, workers=workers)
    files = {
        f"{MEDIA_FOLDER}/{r.name}": work_dir / r.name
        for image in published.values()
        for r in image.renditions
    }
    site_path = urlsplit(site.settings.base_url).path.rstrip("/")
    footer = None
    if site.settings.wechat_qr:
        name, path, width, height = lossless_png(site.settings.wechat_qr.source, cache_dir)
        files[f"{MEDIA_FOLDER}/{name}"] = path
        footer = (f"{site_path}/{MEDIA_FOLDER}/{name}", width, height)
    return Media(images=published, files=files, url_prefix=f"{site_path}/{MEDIA_FOLDER}/", footer_qr=footer)
