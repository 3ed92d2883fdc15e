"""Dates and numbers with their units are kept on one line; markup and code pass through untouched."""

from __future__ import annotations

from haoren.render.pages.linebreaks import keep_together


def test_numbers_stay_with_their_units_and_dates_stay_whole():
    html = "<p>累计志愿服务1620小时，22万余名志愿者，阅读约 1 分钟，2020年12月18日。</p>"
    assert keep_together(html) == (
        '<p>累计志愿服务<span class="hr-nowrap">1620小时</span>，<span class="hr-nowrap">22万余名</span>志愿者，'
        '阅读约 <span class="hr-nowrap">1 分钟</span>，<span class="hr-nowrap">2020年12月18日</span>。</p>'
    )


def test_tags_attributes_code_and_svg_are_left_as_they_are():
    html = (
        '<time datetime="2020-12-18T00:00:00+08:00" title="12个">2020年12月18日</time>'
        "<code>3个</code><pre>4个</pre><svg><title>5个</title></svg><!-- 6个 --><p>COVID-19 7个</p>"
    )
    assert keep_together(html) == (
        '<time datetime="2020-12-18T00:00:00+08:00" title="12个"><span class="hr-nowrap">2020年12月18日</span></time>'
        '<code>3个</code><pre>4个</pre><svg><title>5个</title></svg><!-- 6个 --><p>COVID-19 <span class="hr-nowrap">7个</span></p>'
    )


def test_text_without_numbers_is_unchanged():
    html = '<p class="x">潍坊好人、最美志愿者和志愿服务组织的故事</p><br/>'
    assert keep_together(html) == html


def test_traditional_units_are_kept_as_their_simplified_forms_are():
    html = "<p>累計志願服務1620小時，22萬餘名志願者，閱讀約 1 分鐘，3個月。</p>"
    assert keep_together(html) == (
        '<p>累計志願服務<span class="hr-nowrap">1620小時</span>，<span class="hr-nowrap">22萬餘名</span>志願者，'
        '閱讀約 <span class="hr-nowrap">1 分鐘</span>，<span class="hr-nowrap">3個</span>月。</p>'
    )


def test_markup_read_as_a_browser_would_decides_what_is_text():
    """Nested and upper-case skipped elements, a name only starting like one, a "<" opening no tag, a NUL."""
    html = (
        "<SVG><svg><text>1个</text></svg><text>2个</text></SVG><svg-icon>3个</svg-icon>"
        "<p>4 < 5个</p><svg/>6个<code>7个<!-- </code> -->8个</code>9个\0<p>10个</p>"
    )
    assert keep_together(html) == (
        '<SVG><svg><text>1个</text></svg><text>2个</text></SVG>'
        '<svg-icon><span class="hr-nowrap">3个</span></svg-icon>'
        '<p>4 < <span class="hr-nowrap">5个</span></p><svg/><span class="hr-nowrap">6个</span>'
        '<code>7个<!-- </code> -->8个</code><span class="hr-nowrap">9个</span>'
        '\0<p><span class="hr-nowrap">10个</span></p>'
    )
