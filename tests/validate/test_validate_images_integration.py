"""Images named by content: inside the site, no symbolic links, present, decodable, with alt text."""

from __future__ import annotations

from haoren.schema import Image

from ..site_folder import PERSON, SETTINGS, TOPIC, content, problems, write_photo

STORY = "---\ntitle: 标题\ndate: 2020-03-01\nsummary: 摘要\ncover: {cover}\ncover_alt: 献血屋外排队的市民\n{extra}---\n"


def story(cover: str, extra: str = "") -> str:
    return STORY.format(cover=cover, extra=extra)


def test_an_image_is_found_relative_to_its_file_and_kept_with_alt_and_credit(tmp_path):
    photo = write_photo(tmp_path / "content/images/cover.jpg")
    text = story("../../content/images/cover.jpg", extra="cover_credit: 记者 王某\n")
    [result] = content(tmp_path, {"stories/2020/a.md": text}).stories
    assert result.cover == Image(source=photo.resolve(), alt="献血屋外排队的市民", credit="记者 王某")


def test_an_image_needs_alt_text(tmp_path):
    write_photo(tmp_path / "stories/a.jpg")
    text = story("a.jpg").replace("cover_alt: 献血屋外排队的市民\n", "")
    assert problems(tmp_path, {"stories/a.md": text}) == [
        "stories/a.md:5: cover_alt: is required with cover: describe the picture for readers who cannot see it",
    ]


def test_a_missing_image_gets_a_suggestion(tmp_path):
    write_photo(tmp_path / "stories/images/cover.jpg")
    assert problems(tmp_path, {"stories/a.md": story("images/cover.jpeg")}) == [
        'stories/a.md:5: cover: "images/cover.jpeg" does not exist (did you mean "cover.jpg"?)',
    ]


def test_an_image_stays_inside_the_site_folder(tmp_path):
    site = tmp_path / "site"
    write_photo(tmp_path / "outside.jpg")
    files = {"stories/a.md": story("../../outside.jpg"), "stories/b.md": story("/etc/passwd"),
             "stories/c.md": story("https://example.cn/a.jpg")}
    assert problems(site, files) == [
        'stories/a.md:5: cover: "../../outside.jpg" is outside the site folder',
        'stories/b.md:5: cover: "/etc/passwd" must be a path relative to this file, not an address',
        'stories/c.md:5: cover: "https://example.cn/a.jpg" must be a path relative to this file, not an address',
    ]


def test_no_symbolic_link_on_the_way(tmp_path):
    site = tmp_path / "site"
    write_photo(tmp_path / "elsewhere/a.jpg")
    (site / "stories").mkdir(parents=True)
    (site / "stories/linked").symlink_to(tmp_path / "elsewhere")
    write_photo(site / "content/images/real.jpg")
    (site / "content/images/alias.jpg").symlink_to(site / "content/images/real.jpg")
    files = {"stories/a.md": story("linked/a.jpg"), "stories/b.md": story("../content/images/alias.jpg")}
    # the loader reports the links themselves; these are the lines about the images
    assert [line for line in problems(site, files) if ".md:" in line] == [
        'stories/a.md:5: cover: "linked/a.jpg" goes through a symbolic link ("linked"); copy the file in',
        'stories/b.md:5: cover: "../content/images/alias.jpg" goes through a symbolic link ("alias.jpg"); '
        "copy the file in",
    ]


def test_a_file_that_is_not_an_image_is_refused_with_the_image_checks_message(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories/a.jpg").write_text("not a picture")
    [line] = problems(tmp_path, {"stories/a.md": story("a.jpg")})
    assert line.startswith('stories/a.md:5: cover: "a.jpg" ')


def test_a_portrait_needs_consent_to_publish_photos(tmp_path):
    write_photo(tmp_path / "honorees/a.jpg")
    text = PERSON + "photo: a.jpg\nphoto_alt: 张三在河边\n"
    assert problems(tmp_path, {"honorees/a.yml": text}) == [
        "honorees/a.yml:9: consent.photo: a photo needs consent.photo: true",
    ]
    allowed = text.replace("photo: false", "photo: true")
    [honoree] = content(tmp_path, {"honorees/a.yml": allowed}).honorees
    assert honoree.photo == Image(source=(tmp_path / "honorees/a.jpg").resolve(), alt="张三在河边")


def test_topic_covers_and_the_wechat_qr_are_relative_to_their_files(tmp_path):
    qr = write_photo(tmp_path / "content/images/qr.png")
    cover = write_photo(tmp_path / "content/images/topic.jpg")
    files = {
        "content/site.yml": SETTINGS + "wechat_qr: images/qr.png\nwechat_qr_alt: 微信公众号二维码\n",
        "content/topics/kangyi.yml": TOPIC + "cover: ../images/topic.jpg\ncover_alt: 专题封面\n",
    }
    result = content(tmp_path, files)
    assert result.settings.wechat_qr == Image(source=qr.resolve(), alt="微信公众号二维码")
    assert result.topics[0].cover == Image(source=cover.resolve(), alt="专题封面")
    files["content/site.yml"] = SETTINGS + "wechat_qr: images/qr.png\n"
    assert problems(tmp_path, files) == [
        "content/site.yml:7: wechat_qr_alt: is required with wechat_qr: describe the picture for readers who "
        "cannot see it",
    ]


def test_an_image_in_the_body_is_checked_at_its_own_line(tmp_path):
    write_photo(tmp_path / "stories/a.jpg")
    text = story("a.jpg") + "\n正文。\n\n![](a.jpg)\n![远处的照片](https://example.cn/a.jpg)\n"
    assert problems(tmp_path, {"stories/a.md": text}) == [
        'stories/a.md:11: body: "a.jpg" needs alt text: describe the picture for readers who cannot see it',
        'stories/a.md:12: body: "https://example.cn/a.jpg": images must be files of this site '
        "(no images from other hosts)",
    ]
