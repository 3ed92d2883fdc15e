"""Honoree pages (/honorees/<id>/: a person, a group, an organization and its volunteers) and /honorees/."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import partial

from haoren.model.site import period_start
from haoren.render.pages import GeneratedPage, sharemeta
from haoren.render.pages.listing import list_pages
from haoren.render.pages.render import Renderer, as_shanghai, birth_label
from haoren.render.pages.urls import honoree_url
from haoren.render.pages.video import share_video, video_object, video_view
from haoren.schema import LEVELS, Honor, Honoree, Image

KIND_LABELS = {"person": "个人", "group": "群体", "organization": "志愿服务组织"}
POSTER_EPOCH = date(2000, 1, 1)


def honoree_page(r: Renderer, honoree: Honoree) -> GeneratedPage:
    """/honorees/<id>/ of one published honoree (the preview renders one page at a time)."""
    site = r.site
    organization = None
    if honoree.volunteer and honoree.volunteer.organization:
        organization = site.honoree_by_id.get(honoree.volunteer.organization)
    url = honoree_url(honoree.id)
    photo = honoree.photo if honoree.consent.photo else None
    card = sharemeta.card(r, url, f"{honoree.name}：{honoree.headline}", photo)
    json_ld = (
        sharemeta.honoree_entity(r, honoree, awards(r, honoree), card),
        sharemeta.breadcrumbs(r, "honoree", url, honoree.name),
        *filter(None, [video_object(r, honoree.video, r.label("{}宣传短视频").format(honoree.name),
                                    honoree.summary, honoree.consent.date or honoree_lastmod(r, honoree),
                                    card.image.url if card else None)]),
    )
    return r.page(
        "honoree.html",
        url=url, title=honoree.name, description=honoree.summary, kind="honoree",
        lastmod=honoree_lastmod(r, honoree),
        share=sharemeta.share_info(card, "profile" if honoree.kind == "person" else "website", json_ld,
                                   video=share_video(r, honoree.video)),
        share_bar=sharemeta.share_bar(r, url, honoree.name, honoree.summary, card),
        lead_card=sharemeta.lead_card(r, card, photo), poster=poster(r, honoree, url, photo),
        honoree=honoree, kind_label=r.label(KIND_LABELS.get(honoree.kind, "")),
        facts=facts(r, honoree), honors=timeline(r, honoree),
        bio=r.markdown(honoree.bio, honoree.path, 1, "bio"),
        video=video_view(r, honoree.video, r.label("{}宣传短视频").format(honoree.name)),
        organization=organization, stories=site.stories_about.get(honoree.id, ()),
        volunteers=site.volunteers_of.get(honoree.id, ()) if honoree.kind == "organization" else (),
    )


def honoree_list_pages(r: Renderer) -> Iterator[GeneratedPage]:
    """/honorees/ and its further pages."""
    site = r.site
    yield from list_pages(
        r, site.honorees, first_url="/honorees/", title=r.label("好人库"), template="honoree_list.html",
        description=r.label("{}收录的全部好人、群体和志愿服务组织").format(site.settings.name),
        lastmod=partial(honorees_lastmod, r),
    )


def facts(r: Renderer, honoree: Honoree) -> list[tuple[str, str]]:
    """(class, text) of the facts line: 男，汉族，1980年3月生，中共党员，潍城区北关街道，单位职务."""
    found = [
        ("gender", honoree.gender),
        ("ethnicity", honoree.ethnicity),
        ("birth", f"{birth_label(honoree.birth)}{r.label('生')}" if honoree.birth else None),
        ("political", honoree.political_status),
        ("place", honoree.district + (honoree.locality or "")),
        ("affiliation", _affiliation(r, honoree)),
    ]
    return [(name, text) for name, text in found if text]


def _affiliation(r: Renderer, honoree: Honoree) -> str | None:
    if not honoree.affiliation:
        return None
    return r.label("生前系") + honoree.affiliation if honoree.deceased else honoree.affiliation


def timeline(r: Renderer, honoree: Honoree) -> list[dict]:
    """Honors from county up to national, earliest first within a level, with their links."""
    rows = []
    for honor in sorted(honoree.honors, key=_timeline_key):
        view = r.site.campaign_by_id.get(honor.campaign) if honor.campaign else None
        rows.append({
            "honor": honor,
            # 抗击疫情最美志愿者, not 抗击疫情最美志愿者 · 最美志愿者: an award the title names is not repeated
            "award": honor.award if honor.award and honor.award not in honor.title else None,
            "roll_url": r.roll_link(honor.period) if honor.status == "winner" else None,
            "campaign": view.campaign if view else None,
            "posthumous": honoree.deceased and honor.status == "winner",
        })
    return rows


def awards(r: Renderer, honoree: Honoree) -> list[str]:
    """`2020年2月 潍坊好人` for each honor won (a nominee has not won yet), in the timeline's order."""
    won = [honor for honor in sorted(honoree.honors, key=_timeline_key) if honor.status == "winner"]
    return [honor_label(r, honoree, honor) for honor in won]


def honor_label(r: Renderer, honoree: Honoree, honor: Honor) -> str:
    """An honor on a poster and in JSON-LD: `2020年2月 潍坊好人`, then （候选） or （追授）."""
    label = f"{r.period_label(honor.period)} {honor.title}"
    if honor.status != "winner":
        return label + r.label("（候选）")
    return label + r.label("（追授）") if honoree.deceased else label


def poster(r: Renderer, honoree: Honoree, url: str, photo: Image | None) -> tuple[str, str] | None:
    """The site URLs of the honoree's 宣传海报 (PNG, PDF): the highest honor, the newest of that level."""
    drawings = r.context.drawings
    if drawings is None:
        return None
    honor = max(honoree.honors, key=_poster_rank, default=None)
    if honor is not None:
        honor_line = honor_label(r, honoree, honor)
    else:  # every honor is still to come: say what kind of 好人
        honor_line = r.label(honoree.category or KIND_LABELS.get(honoree.kind, ""))
    # The consent date (required) or the honor dates the PDF: never the build time, so it stays cached.
    made = as_shanghai(honoree.consent.date or (period_start(honor.period) if honor else POSTER_EPOCH))
    return drawings.poster(
        url, name=honoree.name, honor_line=honor_line, headline=honoree.headline, summary=honoree.summary,
        portrait=photo.source if photo else None, qr_url=r.urls.absolute(url), made=made,
    )


def _poster_rank(honor: Honor) -> tuple:
    """A won honor before a nomination, then the higher level, then the newer period."""
    level = LEVELS.index(honor.level) if honor.level in LEVELS else -1
    return (honor.status == "winner", level, _period_start(honor.period))


def _timeline_key(honor: Honor) -> tuple:
    rank = LEVELS.index(honor.level) if honor.level in LEVELS else len(LEVELS)
    return (rank, _period_start(honor.period), honor.title)


def _period_start(period: str) -> tuple[int, int, int]:
    """Chronological: a year or quarter starts with its first month, and comes before that month."""
    year = int(period[:4])
    if len(period) == 4:
        return (year, 1, 0)
    if "-Q" in period:
        return (year, (int(period[6:]) - 1) * 3 + 1, 1)
    return (year, int(period[5:]), 2)


def honoree_lastmod(r: Renderer, honoree: Honoree) -> datetime | None:
    """The latest of the consent date and the stories about them: what changes the page."""
    moments = [s.updated or s.date for s in r.site.stories_about.get(honoree.id, ())]
    if honoree.consent.date:
        moments.append(as_shanghai(honoree.consent.date))
    return max(moments, default=None)


def honorees_lastmod(r: Renderer, honorees: Iterable[Honoree]) -> datetime | None:
    return max((m for h in honorees if (m := honoree_lastmod(r, h))), default=None)
