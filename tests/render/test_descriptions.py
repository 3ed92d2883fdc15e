"""Descriptions are cut at a sentence or clause end, with an ellipsis, never mid-sentence."""

from __future__ import annotations

from haoren.render.pages.descriptions import excerpt

ABOUT = (
    "潍坊好人网由潍坊市精神文明建设委员会办公室主办、潍坊文明网承办（示例），讲述潍坊好人、最美志愿者和志愿服务组织的故事。"
    "示例内容：这是随软件附带的示例站点。除注明出自原报道的内容外，站内人物、事迹、荣誉、备案号和联系方式均为演示用虚构内容。"
)


def test_a_short_text_is_kept_whole_on_one_line():
    assert excerpt("潍坊好人网\n讲述  好人故事。") == "潍坊好人网 讲述 好人故事。"


def test_a_long_text_ends_after_the_last_whole_sentence_that_fits():
    first = "潍坊好人网由潍坊市精神文明建设委员会办公室主办、潍坊文明网承办（示例），讲述潍坊好人、最美志愿者和志愿服务组织的故事"
    assert excerpt(ABOUT, 60) == first + "…"
    assert excerpt(ABOUT, 80) == first + "。示例内容：这是随软件附带的示例站点…"


def test_without_a_sentence_end_in_reach_it_ends_at_a_clause():
    assert excerpt(ABOUT, 40) == "潍坊好人网由潍坊市精神文明建设委员会办公室主办、潍坊文明网承办（示例）…"


def test_a_cut_is_never_longer_than_the_limit():
    for limit in range(10, 130, 7):
        assert len(excerpt(ABOUT, limit)) <= limit
