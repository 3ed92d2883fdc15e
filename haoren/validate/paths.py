"""Files that content names (images, captions): inside the site folder, no symbolic links, present, usable."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from haoren.drawing.images import verify_image
from haoren.load.documents import Document
from haoren.schema import Image
from haoren.validate.bodyimages import find_images
from haoren.validate.fields import Reading, Refused, line_at, suggest
from haoren.validate.privacy import find_personal_data
from haoren.validate.rawhtml import dangerous_scheme

CACHE_FOLDER = ".haoren-cache"
CAPTION_SUFFIX = ".vtt"
# Residents' pages load nothing from other hosts: no tracking, nothing that breaks behind a firewall.
REMOTE = re.compile(r"(?i)(https?:)?//")


class SiteFiles:
    """Checks the files one site's content names; each image is verified once per run."""

    def __init__(self, root: Path):
        self.root = root  # resolved
        self.verdicts: dict[tuple[Path, str], str | None] = {}

    def image(self, doc: Document, key: str, alt_key: str, values: dict[str, Any],
              reading: Reading) -> Image | None:
        """The Image named by field `key` of `doc`, or None after reporting why it cannot be published."""
        value, line = values[key], line_at(doc.data, key)
        try:
            source = self.verified_image(doc.rel, value)
        except Refused as refusal:
            reading.report(line, key, str(refusal))
            return None
        return Image(source=source, alt=values.get(alt_key, ""), credit=values.get(key + "_credit"))

    def body_images(self, naming_file: str, field: str, first_line: int, text: str,
                    reading: Reading) -> tuple[Image, ...]:
        """The images Markdown `text` (field `field`, from line `first_line` of the file) shows, checked.

        A problem is reported at the line of the image's path, or of its alt text when that is missing.
        """
        images: list[Image] = []
        reported: set[tuple[int, str]] = set()  # a reference definition used twice is one mistake

        def report(line: int, message: str) -> None:
            if (line, message) not in reported:
                reported.add((line, message))
                reading.report(first_line + line, field, message)

        for named in find_images(text):
            if dangerous_scheme(named.src):
                continue  # find_unsafe_html reports it, with the reason
            alt = " ".join(named.alt.split())
            if not alt:
                report(named.alt_line, f'"{named.src}" needs alt text: describe the picture for readers who '
                                       "cannot see it")
            try:
                source = self.body_image(naming_file, named.src)
            except Refused as refusal:
                report(named.line, str(refusal))
                continue
            if alt:
                images.append(Image(source=source, alt=alt, src=named.src))
        return tuple(images)

    def body_image(self, naming_file: str, src: str) -> Path:
        """The file an image in a text names; unlike a cover's path, an address gets its own reason."""
        if not src:
            raise Refused("an image names no file: write the path of the picture")
        if REMOTE.match(src):
            raise Refused(f'"{src}": images must be files of this site (no images from other hosts)')
        return self.verified_image(naming_file, src)

    def verified_image(self, naming_file: str, value: str) -> Path:
        """The image file `value` names, by the path rules and images.verify_image; else Refused says why."""
        source = self.locate(naming_file, value)
        if (source, value) not in self.verdicts:
            self.verdicts[source, value] = verify_image(source, self.root / CACHE_FOLDER, label=value)
        message = self.verdicts[source, value]
        if message:
            raise Refused(message)
        return source

    def captions(self, doc: Document, value: str, line: int, reading: Reading) -> Path | None:
        """The WebVTT captions file `value` names, scanned for personal data like any text we publish."""
        try:
            source = self.locate(doc.rel, value)
            if source.suffix.lower() != CAPTION_SUFFIX:
                raise Refused(f'"{value}" is not a WebVTT captions file ({CAPTION_SUFFIX})')
            text = source.read_text(encoding="utf-8")
        except (Refused, OSError, UnicodeDecodeError) as error:
            message = str(error) if isinstance(error, Refused) else f'"{value}" cannot be read as UTF-8 text'
            reading.report(line, "video.captions", message)
            return None
        for finding in find_personal_data(text):
            reading.report(line, "video.captions", f'line {finding.line + 1} of "{value}" {finding.message}')
        return source

    def locate(self, naming_file: str, value: str) -> Path:
        """The file `value` names relative to `naming_file` (both relative to the site folder).

        Walks the path lexically so that a symbolic link anywhere on the way is refused, not followed.
        """
        if "://" in value or value.startswith(("/", "\\", "data:")):
            raise Refused(f'"{value}" must be a path relative to this file, not an address')
        relative = os.path.normpath(os.path.join(os.path.dirname(naming_file), value))
        if relative == ".." or relative.startswith("../") or os.path.isabs(relative):
            raise Refused(f'"{value}" is outside the site folder')
        current = self.root
        for part in Path(relative).parts:
            current = current / part
            if current.is_symlink():
                raise Refused(f'"{value}" goes through a symbolic link ("{part}"); copy the file in')
        if not current.is_file():
            folder = current.parent
            names = os.listdir(folder) if folder.is_dir() else ()
            raise Refused(f'"{value}" does not exist{suggest(current.name, names)}')
        source = current.resolve()
        if not source.is_relative_to(self.root):
            raise Refused(f'"{value}" is outside the site folder')
        return source
