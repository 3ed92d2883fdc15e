"""The home page: latest stories, the newest honor roll, campaigns in progress, topics, volunteer spotlights."""

from __future__ import annotations

from datetime import date

from haoren.schema import Honor, Timeline

from ..factories import at, make_campaign, make_content, make_honoree, make_story, make_topic
from ..pagetools import link_texts, pages_of, texts

FINISHED = Timeline(date(2020, 1, 1), date(2020, 1, 10), date(2020, 1, 15), date(2020, 1, 20), date(2020, 3, 1))


def test_home_shows_what_is_new():
    content = make_content(
        stories=tuple(make_story(f"s{n:02d}", f"2020-03-{n:02d}") for n in range(1, 11))
        + (make_story("spot", "2020-02-01", kind="spotlight"),),
        honorees=(
            make_honoree("feb", Honor("潍坊好人", "city", "2020-02"), name="二月好人"),
            make_honoree("jan", Honor("潍坊好人", "city", "2020-01"), name="一月好人"),
        ),
        campaigns=(
            make_campaign("open", title="正在评选"), make_campaign("done", title="往年评选", timeline=FINISHED),
        ),
        topics=(make_topic("kangyi"),),
    )
    page = pages_of(content, at("2020-04-10"))["/"]
    html = page.content_html
    assert (page.title, page.kind) == ("测试好人网", "home")
    latest = texts(html, "hr-home__latest")[0]
    assert latest.startswith("最新文章 标题s10") and "标题s03" in latest and "标题s02" not in latest  # eight
    roll = texts(html, "hr-home__roll")[0]
    assert roll.startswith("2020年2月光荣榜 二月好人") and "一月好人" not in roll
    assert link_texts(html)["/campaigns/open/"] == "正在评选" and "/campaigns/done/" not in link_texts(html)
    assert texts(html, "hr-stage") == ["征集中"]
    assert link_texts(html)["/topics/kangyi/"] == "抗疫中的文明故事"
    assert "标题spot" in texts(html, "hr-home__spotlight")[0]
