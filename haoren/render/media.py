"""Published media: which images and videos the site model shows, and their files under /media/."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from haoren.drawing.images import PublishedImage, picture_html, publish_images
from haoren.drawing.pngs import lossless_png
from haoren.drawing.videos import PublishedVideo, publish_video
from haoren.model.site import Site
from haoren.render.editions import Edition
from haoren.render.pages import VideoSources
from haoren.schema import Image, Video
from haoren.sourcedigests import SourceDigests

MEDIA_FOLDER = "media"
POSTER_WIDTH = 960


@dataclass(frozen=True)
class Media:
    """The derived image files of one build and how pages refer to them."""

    images: Mapping[Path, PublishedImage]  # by source file
    files: Mapping[str, Path]  # site-relative output path -> derived file
    url_prefix: str = f"/{MEDIA_FOLDER}/"  # carries the path of base_url for a site served under one
    # The office's WeChat QR as a lossless PNG: (site URL, width, height); None without one.
    footer_qr: tuple[str, int, int] | None = None
    videos: Mapping[Path, PublishedVideo] = field(default_factory=dict)  # by source file
    captions: Mapping[Path, str] = field(default_factory=dict)  # captions file -> its name under /media/
    base_url: str = ""
    # The captions of each converted edition (its code -> captions file -> the converted copy's name).
    edition_captions: Mapping[str, Mapping[Path, str]] = field(default_factory=dict)

    def for_edition(self, edition: Edition) -> Media:
        """The media as `edition`'s pages refer to them: its own captions, the rest shared."""
        if edition.code not in self.edition_captions:
            return self
        return dataclasses.replace(self, captions=self.edition_captions[edition.code])

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


    def video_enclosure(self, video: Video | None) -> tuple[str, int, float | None] | None:
        """A local video as feeds attach it: absolute URL, size in bytes, seconds; None for none or a provider's."""
        if video is None or video.file is None or video.file not in self.videos:
            return None
        published = self.videos[video.file]
        return f"{self.base_url}/{MEDIA_FOLDER}/{published.name}", published.path.stat().st_size, video.duration

    def video_sources(self, video: Video) -> VideoSources:
        """The site URLs of a video's files; the poster is the editor's or a frame of the video."""
        captions = self.url_prefix + self.captions[video.captions]
        if video.file is None:
            return VideoSources(captions=captions)
        published = self.videos[video.file]
        poster = self.images[video.poster.source if video.poster else published.frame]
        return VideoSources(captions=captions, src=self.url_prefix + published.name,
                            poster=self.url_prefix + poster_rendition(poster),
                            absolute_src=f"{self.base_url}/{MEDIA_FOLDER}/{published.name}")


def poster_rendition(image: PublishedImage) -> str:
    """A poster is one file, not a srcset: the largest JPEG no wider than a phone needs at 2x."""
    jpegs = [r for r in image.renditions if r.format == "jpeg"]
    return ([r for r in jpegs if r.width <= POSTER_WIDTH] or jpegs[:1])[-1].name


def shown_videos(site: Site) -> list[Video]:
    """Videos of published stories and honorees only: a withdrawn or unpublished item's files stay out."""
    return [item.video for item in (*site.stories, *site.honorees) if item.video]


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


def prepare_media(
    site: Site, cache_dir: Path, work_dir: Path, workers: int = 2, editions: Sequence[Edition] = (),
    source_digests: SourceDigests | None = None,
) -> Media:
    """Derive (or take from the cache) every shown image into `work_dir`; nothing unpublished is touched.

    A converted edition gets its own copy of every captions file, converted like its pages. `source_digests`
    knows the videos and the footer's QR code when unchanged since the last build (none is read again).
    """
    videos = shown_videos(site)
    clips = {video.file: publish_video(video.file, cache_dir, video.duration or 0.0, source_digests)
             for video in videos if video.file}
    posters = {video.poster.source if video.poster else clips[video.file].frame for video in videos if video.file}
    images = sorted({image.source for image in shown_images(site)} | posters)
    published = publish_images(images, work_dir, cache_dir, workers=workers)
    files = {
        f"{MEDIA_FOLDER}/{r.name}": work_dir / r.name
        for image in published.values()
        for r in image.renditions
    }
    files.update((f"{MEDIA_FOLDER}/{clip.name}", clip.path) for clip in clips.values())
    captions = {video.captions: captions_name(video.captions) for video in videos}
    files.update((f"{MEDIA_FOLDER}/{name}", source) for source, name in captions.items())
    converted = {edition.code: converted_captions(captions, edition, work_dir)
                 for edition in editions if edition.converted}
    files.update((f"{MEDIA_FOLDER}/{name}", work_dir / name)
                 for names in converted.values() for name in names.values())
    site_path = urlsplit(site.settings.base_url).path.rstrip("/")
    footer = None
    if site.settings.wechat_qr:
        name, path, width, height = lossless_png(site.settings.wechat_qr.source, cache_dir, source_digests)
        files[f"{MEDIA_FOLDER}/{name}"] = path
        footer = (f"{site_path}/{MEDIA_FOLDER}/{name}", width, height)
    return Media(images=published, files=files, url_prefix=f"{site_path}/{MEDIA_FOLDER}/", footer_qr=footer,
                 videos=clips, captions=captions, base_url=site.settings.base_url.rstrip("/"),
                 edition_captions=converted)


def captions_name(source: Path) -> str:
    """A captions file is published as it is, named by its content."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:10] + ".vtt"


def converted_captions(captions: Mapping[Path, str], edition: Edition, work_dir: Path) -> dict[Path, str]:
    """Each captions file with its text converted as `edition` converts pages (names by its overrides),
    written into `work_dir` and named by its content; timings, cue settings and ids are ASCII and stay."""
    names = {}
    for source in captions:
        data = edition.convert(source.read_bytes().decode("utf-8")).encode("utf-8")
        name = hashlib.sha256(data).hexdigest()[:10] + ".vtt"
        (work_dir / name).write_bytes(data)
        names[source] = name
    return names
