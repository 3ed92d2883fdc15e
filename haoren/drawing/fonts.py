"""The CJK font of cards and posters: finding it, opening it at a size, and checking it has every glyph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from PIL import ImageFont

FONT_PACKAGE = "fonts-noto-cjk"
FONT_FAMILY = "Noto Sans CJK SC"
DEBIAN_FONT_PATHS = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),)


class FontNotFound(Exception):
    """No usable CJK font on this machine."""


class GlyphMissing(Exception):
    """Text that the font cannot draw; `missing` maps each field to its glyph-less characters."""

    def __init__(self, missing: Mapping[str, str]):
        self.missing = dict(missing)
        self.characters = "".join(dict.fromkeys("".join(self.missing.values())))
        super().__init__(
            "; ".join(f'{name}: the font has no glyph for "{chars}"' for name, chars in self.missing.items())
        )


@dataclass(frozen=True)
class GlyphFailure:
    """One field of one drawing job (`key`, e.g. the page URL) with characters the font lacks."""

    key: str
    field: str
    characters: str

    def __str__(self) -> str:
        return f'{self.key}: {self.field}: the font has no glyph for "{self.characters}"'


class GlyphCheckFailed(Exception):
    """Every field of every job that the font cannot draw, found before anything was drawn."""

    def __init__(self, failures: Sequence[GlyphFailure]):
        self.failures = tuple(failures)
        super().__init__("\n".join(str(failure) for failure in self.failures))


@dataclass(frozen=True)
class FontSpec:
    """One face of a font file, with the code points it can draw."""

    path: Path
    index: int
    codepoints: frozenset[int] = field(repr=False, compare=False)

    def sized(self, size: int) -> ImageFont.FreeTypeFont:
        """The face at `size` pixels; opened once per process and size, so its measurements are reused."""
        return _open_face(self.path, self.index, size)

    def identity(self) -> tuple[str, int, int, int]:
        """Which file and face: a font package upgrade changes the file's size or time, so drawings redo."""
        stat = self.path.stat()
        return _resolved(self.path), self.index, stat.st_size, stat.st_mtime_ns

    def pinned(self) -> FontSpec:
        """This face with its identity read once, now, for a build naming thousands of drawings (a status
        call each took an edit 0.25 s at 10,000 stories): a font upgraded meanwhile is the next build's."""
        return PinnedFont(self.path, self.index, self.codepoints, self.identity())


@dataclass(frozen=True)
class PinnedFont(FontSpec):
    """A FontSpec whose identity was read when it was pinned (FontSpec.pinned)."""

    pinned_identity: tuple[str, int, int, int] = field(compare=False)

    def identity(self) -> tuple[str, int, int, int]:
        return self.pinned_identity

    def pinned(self) -> FontSpec:
        return self


@lru_cache(maxsize=8)
def _resolved(path: Path) -> str:
    """Resolved once per process: every card and poster name asks (18,000 times at 10k stories); a
    retargeted link changes the stat of the file it names, which identity() reads every time."""
    return str(path.resolve())


@lru_cache(maxsize=64)
def _open_face(path: Path, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, index=index)


def load_font(path: Path, family: str = FONT_FAMILY) -> FontSpec:
    """Open `path` (a .ttc collection or a single font) and pick the face named `family`.

    Reading the character map costs about 0.1-0.3 s, and validation and drawing both need it:
    it is read once per process and file version (size and modification time).
    """
    stat = path.stat()
    return _load_font(path, family, stat.st_size, stat.st_mtime_ns)


def installed_fonts(candidates: Sequence[Path] = DEBIAN_FONT_PATHS) -> str:
    """Which candidate font files are installed, and which version of each (cheap: no font is read)."""
    stamps = []
    for path in candidates:
        try:
            stat = path.stat()
        except OSError:
            stamps.append(f"{path}:missing")
        else:
            stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(stamps)


@lru_cache(maxsize=8)
def _load_font(path: Path, family: str, size: int, mtime_ns: int) -> FontSpec:
    """`size` and `mtime_ns` only key the cache: an upgraded font file is read again."""
    if path.suffix.lower() in (".ttc", ".otc"):
        faces = TTCollection(str(path), lazy=True).fonts
    else:
        faces = [TTFont(str(path), lazy=True)]
    for index, face in enumerate(faces):
        names = {face["name"].getDebugName(1), face["name"].getDebugName(16)}
        if family in names or len(faces) == 1:
            return FontSpec(path, index, frozenset(face.getBestCmap()))
    raise FontNotFound(f"{path} has no face named {family!r}; install Debian's {FONT_PACKAGE}")


def find_cjk_font(candidates: Sequence[Path] = DEBIAN_FONT_PATHS) -> FontSpec:
    """The Simplified Chinese Noto Sans CJK Bold face, from Debian's fonts-noto-cjk."""
    for path in candidates:
        if path.is_file():
            return load_font(path)
    where = ", ".join(str(p) for p in candidates)
    raise FontNotFound(
        f"no CJK font for share cards and posters: {where} not found; "
        f"install it with `apt-get install {FONT_PACKAGE}`"
    )


def missing_glyphs(text: str, font: FontSpec) -> str:
    """The characters of `text` the font cannot draw, each once, in order of appearance.

    Whitespace is skipped: it is collapsed before drawing and never needs a glyph.
    """
    return "".join(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in font.codepoints))


def check_glyphs(font: FontSpec, **texts: str) -> None:
    """Raise GlyphMissing naming every field whose text the font cannot draw."""
    missing = {name: chars for name, text in texts.items() if (chars := missing_glyphs(text, font))}
    if missing:
        raise GlyphMissing(missing)


def check_all_glyphs(font: FontSpec, texts: Mapping[str, Mapping[str, str]]) -> None:
    """Raise GlyphCheckFailed naming every job and field the font cannot draw.

    `texts` maps each job's key to its fields' names and texts, in the order to report them.
    """
    failures = [
        GlyphFailure(key, name, chars)
        for key, fields in texts.items()
        for name, text in fields.items()
        if (chars := missing_glyphs(text, font))
    ]
    if failures:
        raise GlyphCheckFailed(failures)
