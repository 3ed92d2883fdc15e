"""content/site.yml: what the whole site needs once, and what other files are checked against."""

from __future__ import annotations

from haoren.schema import DEFAULT_STAR_THRESHOLDS, Footer

from ..site_folder import SETTINGS, content, problems, replaced


def settings(*replacements: tuple[str, str], extra: str = "") -> str:
    return replaced(SETTINGS, *replacements, extra=extra)


def test_valid_settings_with_defaults(tmp_path):
    result = content(tmp_path, {"content/site.yml": settings(("haoren.example.cn", "haoren.example.cn/"))}).settings
    assert (result.name, result.base_url, result.districts) == (
        "测试好人网", "https://haoren.example.cn", ("潍城区", "奎文区", "高密市"))
    assert (result.star_thresholds, result.script, result.mainland) == (DEFAULT_STAR_THRESHOLDS, "zh", False)
    assert result.footer == Footer()


def test_footer_and_the_rest_are_read(tmp_path):
    extra = ("script: zh-Hant\nstar_thresholds: [50, 100, 200, 400, 800]\ncorrection_contact: mailto:jiucuo@example.cn\n"
             "footer:\n  police: 公网安备 1号\n  lines: [第一行, 第二行]\nvideo_hosts: [v.qq.com]\n")
    result = content(tmp_path, {"content/site.yml": settings(extra=extra)}).settings
    assert (result.script, result.star_thresholds, result.correction_contact, result.video_hosts) == (
        "zh-Hant", (50, 100, 200, 400, 800), "mailto:jiucuo@example.cn", ("v.qq.com",))
    assert result.footer == Footer(police="公网安备 1号", lines=("第一行", "第二行"))


def test_a_site_without_settings_is_told_once(tmp_path):
    (tmp_path / "content").mkdir()
    assert problems(tmp_path, {"content/site.yml": None}) == [
        "content/site.yml:1: file: missing: every site needs its settings file",
    ]


def test_required_settings(tmp_path):
    assert problems(tmp_path, {"content/site.yml": "name: 测试好人网\ndistricts: []\n"}) == [
        "content/site.yml:1: base_url: is required",
        "content/site.yml:1: footer.icp: a site hosted in mainland China must show its ICP 备案号",
        "content/site.yml:1: organizer: is required",
        "content/site.yml:2: districts: has 0 entries; at least 1 needed",
    ]


def test_base_url_is_an_https_address(tmp_path):
    files = {"content/site.yml": settings(("https://haoren.example.cn", "http://haoren.example.cn"))}
    assert problems(tmp_path, files) == [
        'content/site.yml:3: base_url: "http://haoren.example.cn" is not an https:// address',
    ]


def test_star_thresholds_are_five_ascending_whole_numbers(tmp_path):
    for thresholds in ("[100, 300, 600, 1000]", "[100, 600, 300, 1000, 1500]"):
        assert problems(tmp_path, {"content/site.yml": settings(extra=f"star_thresholds: {thresholds}\n")}) == [
            "content/site.yml:7: star_thresholds: must be 5 whole numbers of hours, each larger than the last, "
            "like [100, 300, 600, 1000, 1500]",
        ]


def test_a_site_hosted_in_mainland_china_shows_its_icp_number(tmp_path):
    files = {"content/site.yml": settings(("mainland: false", "mainland: true"), extra="footer: {police: 公网安备}\n")}
    assert problems(tmp_path, files) == [
        "content/site.yml:7: footer.icp: a site hosted in mainland China must show its ICP 备案号",
    ]
    unsaid = {"content/site.yml": settings(("mainland: false\n", ""))}
    assert problems(tmp_path / "unsaid", unsaid) == [
        "content/site.yml:1: footer.icp: a site hosted in mainland China must show its ICP 备案号",
    ]
    with_icp = settings(("mainland: false", "mainland: true"), extra="footer: {icp: 鲁ICP备00000000号-1}\n")
    assert content(tmp_path / "ok", {"content/site.yml": with_icp}).settings.footer.icp == "鲁ICP备00000000号-1"


def test_script_hosts_and_links(tmp_path):
    text = settings(("iframe_hosts: [player.bilibili.com]", "iframe_hosts: [https://player.bilibili.com]"),
                    extra="script: zh-TW\ncorrection_contact: 纠错邮箱\n")
    assert problems(tmp_path, {"content/site.yml": text}) == [
        'content/site.yml:6: iframe_hosts[0]: "https://player.bilibili.com" is not a host name '
        "(like player.bilibili.com)",
        'content/site.yml:7: script: "zh-TW" is not one of zh, zh-Hant',
        'content/site.yml:8: correction_contact: "纠错邮箱" is not a link: https://..., mailto:... or a path like '
        "/about/",
    ]


def test_the_office_phone_may_stand_in_the_footer_contact_but_not_in_other_lines(tmp_path):
    extra = "footer:\n  contact: 联系电话：0536-8888888\n  lines: [值班电话 0536-8888888]\n"
    assert problems(tmp_path, {"content/site.yml": settings(extra=extra)}) == [
        'content/site.yml:9: footer.lines[0]: contains a landline number "053****8888"; '
        "personal phone numbers must not be published (only the office's own number, in a campaign's notice.contact or the footer contact)",
    ]
