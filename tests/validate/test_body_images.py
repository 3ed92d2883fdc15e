"""Images written in Markdown (bodies, bios, descriptions): checked like covers, published like covers."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags
from PIL import Image as PillowImage

from haoren import pipeline
from haoren.clock import SHANGHAI
from haoren.render.pages.markdown import MarkdownRenderer
from haoren.schema import Image
from haoren.validate.bodyimages import find_image_tags, find_images

from ..factories import make_content
from ..pagetools import pages_of
from ..site_folder import CAMPAIGN, PERSON, TOPIC, content, problems, write_photo, write_site
from ..tiny_site import THEME

HEAD = "---\ntitle: 标题\ndate: 2020-03-01\nsummary: 摘要\n{extra}---\n"  # the body starts on line 6 (no extra)
NOW = datetime(2021, 6, 1, tzinfo=SHANGHAI)


def story(body: str, extra: str = "") -> str:
    return HEAD.format(extra=extra) + body


def test_each_body_image_is_checked_at_its_own_line(tmp_path):
    site = tmp_path / "site"
    write_photo(tmp_path / "outside.jpg")
    write_photo(site / "stories/photos/b.jpg")
    write_photo(tmp_path / "elsewhere/a.jpg")
    (site / "stories/linked").symlink_to(tmp_path / "elsewhere")
    PillowImage.new("RGB", (8, 8)).save(site / "stories/photos/c.gif", "GIF")
    body = (
        "\n"
        "![河边的合影](../../outside.jpg)\n"  # line 7
        "![河边的合影](photos/b.jpeg)\n"
        "![河边的合影](linked/a.jpg)\n"
        "![动图](photos/c.gif)\n"  # line 10
        "![](photos/b.jpg)\n"
        "![远处的照片](https://example.cn/a.jpg)\n"
        '<img src="photos/b.jpg">\n'  # line 13
        '<img src="//example.cn/b.jpg" alt="远处的照片">\n'
    )
    no_alt = "needs alt text: describe the picture for readers who cannot see it"
    remote = "images must be files of this site (no images from other hosts)"
    found = problems(site, {"stories/a.md": story(body)})
    # the loader reports the link itself; these are the lines about the images
    assert [line for line in found if line.startswith("stories/a.md")] == [
        'stories/a.md:7: body: "../../outside.jpg" is outside the site folder',
        'stories/a.md:8: body: "photos/b.jpeg" does not exist (did you mean "b.jpg"?)',
        'stories/a.md:9: body: "linked/a.jpg" goes through a symbolic link ("linked"); copy the file in',
        'stories/a.md:10: body: "photos/c.gif" is a GIF image; use JPEG, PNG or WebP',
        f'stories/a.md:11: body: "photos/b.jpg" {no_alt}',
        f'stories/a.md:12: body: "https://example.cn/a.jpg": {remote}',
        f'stories/a.md:13: body: "photos/b.jpg" {no_alt}',
        f'stories/a.md:14: body: "//example.cn/b.jpg": {remote}',
    ]


def test_a_reference_image_is_blamed_where_its_path_and_its_alt_are_written(tmp_path):
    body = "\n![][p] 和 ![照片][P]\n\n[p]: photos/missing.jpg\n"
    assert problems(tmp_path, {"stories/a.md": story(body)}) == [
        'stories/a.md:7: body: "photos/missing.jpg" needs alt text: describe the picture for readers who '
        "cannot see it",
        'stories/a.md:9: body: "photos/missing.jpg" does not exist',  # one mistake, though used twice
    ]


def test_what_markdown_does_not_show_as_an_image_is_not_checked(tmp_path):
    body = "写法是 `![说明](photos/x.jpg)`，\\![不是图片](y.jpg)，[链接](z.jpg)，[x]: 不是定义\n"
    [result] = content(tmp_path, {"stories/a.md": story(body)}).stories
    assert result.body_images == ()


def test_a_commented_out_image_is_neither_checked_nor_published(tmp_path):
    body = "\n<!-- 等本人同意后再放：\n\n![张三在河边](photos/not-yet.jpg)\n-->\n正文。\n"
    [result] = content(tmp_path, {"stories/a.md": story(body)}).stories
    assert result.body_images == ()


# Editors' Markdown as it comes: images among text, in lists, quotes, headings and tables, in code and
# comments, escaped, reference-style.
IMAGES = st.sampled_from([
    "![李 建国](a.jpg)", '![图](<照片 1.jpg> "题注")', "![b](b(1).jpg)", "![c][r]", "![R]", "![d][]",
    '<img src="e.jpg" alt="e">', "<img alt='f' src=f.png />", "![g](g\\).jpg)", "![h](h&i.jpg)", "![](j.jpg)",
])
TEXTS = st.sampled_from([
    "文字", "**粗体**", "[链接](https://example.cn/)", "`代码 ![x](code.jpg)`", "<!-- ![y](hidden.jpg) -->",
    "\\![z](no.jpg)", "*", "_", "<br>", "&amp;",
])
LINES = st.tuples(st.sampled_from(["", "- ", "1. ", "> ", "# ", "| "]),
                  st.lists(st.one_of(IMAGES, TEXTS), min_size=1, max_size=5).map("".join),
                  st.sampled_from(["\n", "\n\n"]))
DEFINITIONS = st.sampled_from([("", "[r]: r.jpg", "\n"), ("", "[d]: <d d.jpg> 't'", "\n\n")])
MARKDOWN_TEXTS = st.lists(st.one_of(LINES, DEFINITIONS), max_size=6).map(
    lambda rows: "".join(map("".join, rows)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN_TEXTS)
def test_validation_finds_exactly_the_images_the_renderer_shows(text):
    shown = {tag.src for tag in find_image_tags(str(MarkdownRenderer().render(text)))}
    assert {image.src for image in find_images(text)} == shown


def test_a_good_image_is_kept_with_its_alt_and_its_path_as_written(tmp_path):
    photo = write_photo(tmp_path / "content/images/河边.jpg")
    body = '\n![李建国在河边 巡查](../content/images/河边.jpg "题注")\n\n<img alt="第二张" src="../content/images/河边.jpg">\n'
    [result] = content(tmp_path, {"stories/a.md": story(body)}).stories
    assert result.body_images == (
        Image(source=photo.resolve(), alt="李建国在河边 巡查", src="../content/images/河边.jpg"),
        Image(source=photo.resolve(), alt="第二张", src="../content/images/河边.jpg"),
    )


def test_bios_descriptions_and_pages_are_checked_under_their_own_field(tmp_path):
    files = {
        "honorees/a.yml": PERSON.replace("photo: false", "photo: true") + "bio: |\n  第一行。\n  ![](a.jpg)\n",
        "content/campaigns/c.yml": CAMPAIGN.replace("description: 评选说明。", "description: 说明 ![海报](p.png)"),
        "content/topics/t.yml": TOPIC.replace("description: 专题说明。", "description: '![专题](http://x.cn/a)'"),
        "content/pages/about.md": "---\ntitle: 关于\n---\n\n![本站](../images/none.jpg)\n",
    }
    write_photo(tmp_path / "honorees/a.jpg")
    assert problems(tmp_path, files) == [
        'content/campaigns/c.yml:3: description: "p.png" does not exist',
        'content/pages/about.md:5: body: "../images/none.jpg" does not exist',
        'content/topics/t.yml:2: description: "http://x.cn/a": images must be files of this site '
        "(no images from other hosts)",
        'honorees/a.yml:12: bio: "a.jpg" needs alt text: describe the picture for readers who cannot see it',
    ]


def test_an_image_in_a_bio_needs_consent_to_photos(tmp_path):
    write_photo(tmp_path / "honorees/a.jpg")
    text = PERSON + "bio: 张三在河边。![张三在河边](a.jpg)\n"
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        "honorees/a.yml:9: consent.photo: an image in bio needs consent.photo: true",
    ]
    [honoree] = content(tmp_path, {"honorees/a.yml": text.replace("photo: false", "photo: true")}).honorees
    assert [image.alt for image in honoree.body_images] == ["张三在河边"]


# --- rendering: each kind of Markdown text shows its checked images through the media ------------


def marked_picture(image: Image, lazy: bool) -> str:
    """Stands in for media.image_html: names the file, the alt and the loading it was asked for."""
    return f'<picture data-file="{image.source.name}" data-alt="{image.alt}" data-lazy="{lazy}"></picture>'


def test_every_markdown_text_shows_its_images_as_the_media_picture(tmp_path):
    for name in ("honorees/a.jpg", "content/campaigns/c.jpg", "content/topics/t.jpg", "content/pages/p.jpg",
                 "stories/s.jpg"):
        write_photo(tmp_path / name)
    files = {
        "honorees/a.yml": PERSON.replace("photo: false", "photo: true") + "bio: '![张三在 河边](a.jpg)'\n",
        "content/campaigns/c.yml": CAMPAIGN.replace("description: 评选说明。", "description: '![海报](c.jpg)'"),
        "content/topics/t.yml": TOPIC.replace("description: 专题说明。", "description: '![专题](t.jpg)'"),
        "content/pages/about.md": "---\ntitle: 关于\n---\n\n<img src='p.jpg' alt='本站'>\n",
        "stories/s.md": story("\n![第一张][one]\n\n[one]: s.jpg\n"),
    }
    site = content(tmp_path, files)
    pages = pages_of(site, NOW, image_html=marked_picture, workers=1)
    shown = {"/honorees/a/": ("a.jpg", "张三在 河边"), "/campaigns/c/": ("c.jpg", "海报"),
             "/topics/t/": ("t.jpg", "专题"), "/about/": ("p.jpg", "本站"), "/stories/s/": ("s.jpg", "第一张")}
    for url, (file, alt) in shown.items():
        html = pages[url].content_html
        assert f'<picture data-file="{file}" data-alt="{alt}" data-lazy="True"></picture>' in html, url
        assert "<img" not in html.split("<picture", 1)[1].split("</picture>", 1)[0], url


def test_an_image_validation_never_saw_is_left_out_of_the_page(tmp_path):
    write_photo(tmp_path / "stories/s.jpg")
    [checked] = content(tmp_path, {"stories/s.md": story("\n![第一张](s.jpg)\n")}).stories
    unchecked = dataclasses.replace(checked, body_images=())  # as if made without validation
    pages = pages_of(make_content(stories=(unchecked,)), NOW, image_html=marked_picture, workers=1)
    assert "s.jpg" not in pages["/stories/s/"].content_html


# --- building: what a published page shows, and only that, is published ------------------------


def build_site_with(root: Path, stories: dict[str, str]) -> Path:
    """A small site whose stories may show stories/photos/a.jpg (GPS in its EXIF), built; its out/ folder."""
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (36.0, 42.0, 7.0)
    (root / "stories/photos").mkdir(parents=True)
    PillowImage.new("RGB", (1200, 800), (10, 120, 200)).save(root / "stories/photos/a.jpg", exif=exif)
    mkdocs = f"site_name: 测试\ntheme:\n  name: material\n  custom_dir: {THEME}\n"
    write_site(root, {"mkdocs.yml": mkdocs, **stories})
    pipeline.build(root, NOW, root / "out")
    return root / "out"


IMAGE_BODY = '\n正文。\n\n![献血屋外排队的市民](photos/a.jpg "题注")\n'


def test_a_body_image_is_published_without_metadata_as_a_responsive_picture(tmp_path):
    out = build_site_with(tmp_path, {"stories/a.md": story(IMAGE_BODY)})
    page = (out / "stories/a/index.html").read_text(encoding="utf-8")
    [picture] = re.findall(r"<picture>.*?</picture>", page)
    assert 'type="image/webp" srcset="/media/' in picture
    assert re.search(r'<img src="/media/[0-9a-f]+-960\.jpg" srcset="/media/\S+-480\.jpg 480w, ', picture)
    assert 'alt="献血屋外排队的市民"' in picture and 'loading="lazy"' in picture
    assert "photos/a.jpg" not in page
    published = sorted((out / "media").iterdir())
    assert [path.suffix for path in published] == [".jpg", ".webp", ".jpg", ".webp"]  # 480 and 960 wide
    for path in published:
        with PillowImage.open(path) as image:
            assert dict(image.getexif()) == {} and "exif" not in image.info
        assert b"PhoneCo" not in path.read_bytes()
    feed = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    largest = next(path.name for path in published if path.name.endswith("-960.jpg"))
    assert f'<img src="https://haoren.example.cn/media/{largest}" alt="献血屋外排队的市民"' in (
        feed["items"][0]["content_html"])


def test_the_same_image_in_a_draft_story_is_not_published(tmp_path):
    out = build_site_with(tmp_path, {
        "stories/a.md": story(IMAGE_BODY, extra="draft: true\n"),
        "stories/b.md": story("\n正文，没有图片。\n"),
    })
    assert not (out / "stories/a").exists()
    assert not (out / "media").exists() or list((out / "media").iterdir()) == []
