"""Small builders of content records for tests that start after validation (model, pages, feeds)."""

from __future__ import annotations

from datetime import date, datetime

from haoren.clock import SHANGHAI
from haoren.render.pages import GeneratedPage
from haoren.schema import (
    Campaign,
    Consent,
    Content,
    Honor,
    Honoree,
    Settings,
    Story,
    Target,
    Timeline,
    Topic,
    Volunteer,
)

DISTRICTS = ("潍城区", "寒亭区", "坊子区", "奎文区")


def make_settings(**fields) -> Settings:
    values = dict(
        name="测试好人网",
        organizer="测试市文明办",
        base_url="https://haoren.example.cn",
        districts=DISTRICTS,
    )
    values.update(fields)
    return Settings(**values)


def at(day: str) -> datetime:
    return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=SHANGHAI)


def make_story(slug: str, day: str = "2020-03-01", **fields) -> Story:
    values = dict(
        slug=slug,
        path=f"stories/{slug}.md",
        title=f"标题{slug}",
        date=at(day),
        summary=f"摘要{slug}",
        body="正文。",
        body_line=8,
    )
    values.update(fields)
    return Story(**values)


def make_honoree(id: str, *honors: Honor, **fields) -> Honoree:
    values = dict(
        id=id,
        path=f"honorees/{id}.yml",
        name=f"人{id}",
        kind="person",
        category="志愿服务",
        headline="事迹标题",
        summary="这是一段足够长的简介文字，用于测试页面和列表的生成。",
        district="潍城区",
        honors=honors or (Honor(title="潍坊好人", level="city", period="2020-02"),),
        consent=Consent(publish=True, photo=False, date=date(2020, 3, 1)),
    )
    values.update(fields)
    return Honoree(**values)


def make_campaign(id: str = "kangyi", **fields) -> Campaign:
    values = dict(
        id=id,
        path=f"content/campaigns/{id}.yml",
        title="抗击疫情最美志愿者评选",
        organizer="测试市文明办",
        description="评选说明。",
        targets=(Target("最美志愿者", 200, "person"), Target("最佳志愿服务组织", 50, "organization")),
        timeline=Timeline(
            nomination_start=date(2020, 4, 1),
            nomination_end=date(2020, 4, 30),
            notice_start=date(2020, 5, 10),
            notice_end=date(2020, 5, 16),
            results_date=date(2020, 5, 25),
            notice_contact="0536-8888888",
            notice_address="测试市文明办",
        ),
    )
    values.update(fields)
    return Campaign(**values)


def make_topic(id: str = "kangyi", **fields) -> Topic:
    values = dict(id=id, path=f"content/topics/{id}.yml", title="抗疫中的文明故事", description="专题说明。")
    values.update(fields)
    return Topic(**values)


def make_content(**fields) -> Content:
    values = dict(settings=make_settings(), stories=(), honorees=(), campaigns=(), topics=(), pages=())
    values.update(fields)
    return Content(**values)


def volunteer(hours: int, organization: str | None = None) -> Volunteer:
    return Volunteer(hours=hours, organization=organization)


def make_page(content_html: str, url: str = "/stories/x/") -> GeneratedPage:
    """A rendered page holding `content_html` (what a search record is made of)."""
    return GeneratedPage(url=url, title="", description="", content_html=content_html, kind="story")
