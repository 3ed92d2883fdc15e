"""Every public URL the pages link to, and the ASCII slugs of categories, districts and tags."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from urllib.parse import urlsplit

from haoren.validate.naming import pinyin_id

PER_PAGE = 20
# Fixed, so a category's URL never moves when pypinyin's dictionary changes.
CATEGORY_SLUGS = MappingProxyType({
    "助人为乐": "zhurenweile",
    "见义勇为": "jianyiyongwei",
    "诚实守信": "chengshishouxin",
    "敬业奉献": "jingyefengxian",
    "孝老爱亲": "xiaolaoaiqin",
    "志愿服务": "zhiyuanfuwu",
})


def story_url(slug: str) -> str:
    return f"/stories/{slug}/"


def honoree_url(honoree_id: str) -> str:
    return f"/honorees/{honoree_id}/"


def campaign_url(campaign_id: str) -> str:
    return f"/campaigns/{campaign_id}/"


def topic_url(topic_id: str) -> str:
    return f"/topics/{topic_id}/"


def roll_url(period: str) -> str:
    return f"/honor-roll/{period}/"


def archive_url(year: int | None = None, month: int | None = None) -> str:
    if year is None:
        return "/archive/"
    return f"/archive/{year}/" if month is None else f"/archive/{year}/{month:02d}/"


def numbered_url(first: str, number: int) -> str:
    """Page 1 of a list is the list URL itself; page n is `<list>page/n/`."""
    return first if number == 1 else f"{first}page/{number}/"


def pinyin_slug(name: str) -> str:
    """`潍城区` -> `weichengqu`, `COVID-19 防控` -> `covid-19-fangkong`: ASCII that survives WeChat."""
    return pinyin_id(name)  # one rule for generated slugs and the ids suggested to editors


def slug_map(names: Iterable[str]) -> Mapping[str, str]:
    """An ASCII slug for every name, unique among them.

    Names that read alike (支援/志愿) all get a short hash of the name appended, so which one
    keeps the plain slug never depends on the order they were found in.
    """
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        by_slug[pinyin_slug(name)].append(name)
    slugs: dict[str, str] = {}
    for slug, same in by_slug.items():
        for name in same:
            if len(same) == 1 and slug:
                slugs[name] = slug
            else:
                digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
                slugs[name] = f"{slug}-{digest}" if slug else f"t-{digest}"
    return MappingProxyType(dict(sorted(slugs.items())))


class SiteUrls:
    """The URLs that depend on the whole site: slugs of its districts and tags, and its path prefix."""

    def __init__(self, base_url: str, districts: Iterable[str], tags: Iterable[str],
                 locate: Callable[[str], str] = str):
        # A site served under a path (https://x.gov.cn/haoren) needs that path on every link.
        self.prefix = urlsplit(base_url).path.rstrip("/")
        self.locate = locate  # a page URL as the edition being rendered has it (/zh-hant/…)
        self.base_url = base_url.rstrip("/")
        self.district_slugs = slug_map(districts)
        self.tag_slugs = slug_map(tags)

    def href(self, url: str) -> str:
        """A site URL as written in a page: with the site's path prefix."""
        return self.prefix + self.locate(url) if url.startswith("/") else url

    def absolute(self, url: str) -> str:
        return self.base_url + self.locate(url)

    def category(self, category: str) -> str:
        return f"/honor-roll/category/{CATEGORY_SLUGS.get(category) or pinyin_slug(category)}/"

    def district(self, district: str) -> str:
        return f"/honor-roll/district/{self.district_slugs.get(district) or pinyin_slug(district)}/"

    def tag(self, tag: str) -> str:
        return f"/tags/{self.tag_slugs[tag]}/"
