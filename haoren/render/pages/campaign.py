"""Campaign pages (/campaigns/<id>/): stage, computed progress per target, 公示 notice, nominees, winners."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from markupsafe import Markup

from haoren.model.site import CampaignView, Site
from haoren.render.pages import GeneratedPage, sharemeta
from haoren.render.pages.descriptions import excerpt
from haoren.render.pages.render import Renderer, as_shanghai
from haoren.render.pages.urls import campaign_url, honoree_url

# CSS modifiers of the stages the model computes.
STAGE_CLASSES = {
    "未开始": "upcoming", "征集中": "nominating", "评审中": "reviewing", "公示中": "notice",
    "公示期满": "notice-ended", "已发布": "published",
}
NOTICE = "公示中"
RESULTS_OUT = "已发布"
OPEN_STAGES = ("征集中", "评审中", NOTICE)
# How winners of each target kind are counted: 名 for people, 个 for families, teams and organizations.
UNITS = {"person": "名", "group": "个", "organization": "个"}


def campaign_pages(r: Renderer) -> Iterator[GeneratedPage]:
    site = r.site
    # The index first, as topic_pages: the header's tabs show it, and the preview walks this generator.
    yield r.page(
        "campaign_index.html",
        url="/campaigns/", title=r.label("评选活动"), kind="list",
        description=r.label("{}的评选活动：征集、公示与结果").format(site.settings.name),
        lastmod=max((m for v in site.campaigns if (m := campaign_lastmod(v, site.now))), default=None),
        views=newest_campaigns(site.campaigns), stage_classes=STAGE_CLASSES,
    )
    for view in site.campaigns:
        campaign = view.campaign
        url = campaign_url(campaign.id)
        description_html = r.markdown(campaign.description, campaign.path, 1, "description")
        results = award_results(site, view) if view.stage == RESULTS_OUT else []
        description = campaign_description(r, view, description_html, results)
        card = sharemeta.card(r, url, campaign.title, None)
        listed = [(h.name, honoree_url(h.id))
                  for award in view.awards for h in (*award.winners, *award.nominees)]
        json_ld = (
            sharemeta.collection_page(r, url, campaign.title, description, listed),
            sharemeta.breadcrumbs(r, "campaign", url, campaign.title),
        )
        yield r.page(
            "campaign.html",
            url=url, title=campaign.title, kind="campaign", description=description,
            lastmod=campaign_lastmod(view, site.now),
            share=sharemeta.share_info(card, "website", json_ld),
            share_bar=sharemeta.share_bar(r, url, campaign.title, description, card),
            view=view, campaign=campaign, stage_class=STAGE_CLASSES.get(view.stage, "other"),
            in_notice=view.stage == NOTICE, steps=steps(r, view),
            description_html=description_html, results=results,
        )


def award_results(site: Site, view: CampaignView) -> list[dict]:
    """Per award, once the results are out: how many win, how many this site lists, how many it has stories on."""
    return [
        {
            "award": award.award, "unit": UNITS.get(award.kind, "个"), "target": award.target,
            "listed": len(award.winners),
            "covered": sum(1 for h in award.winners if site.stories_about.get(h.id)),
        }
        for award in view.awards
    ]


def campaign_description(r: Renderer, view: CampaignView, description_html: Markup, results: list[dict]) -> str:
    """The share and meta description: the results (once out) or the stage, then the campaign's own opening."""
    about = description_html.striptags()
    if results:
        winners = "、".join(f"{row['award']}{row['target']}{row['unit']}" for row in results)
        lead = r.label(f"评选结果已发布，共评出{winners}。")
    else:
        lead = r.label(f"{view.stage}：")
    return excerpt(lead + " ".join(about.split()))


def steps(r: Renderer, view: CampaignView) -> list[dict]:
    """The timeline as the page shows it, with the current stage marked."""
    t = view.campaign.timeline
    rows = [
        ("征集中", "推荐征集", t.nomination_start, t.nomination_end),
        ("公示中", "公示", t.notice_start, t.notice_end),
        ("已发布", "结果发布", t.results_date, None),
    ]
    return [
        {"label": r.label(label), "start": start, "end": end, "current": stage == view.stage}
        for stage, label, start, end in rows
    ]


def campaign_lastmod(view: CampaignView, now: datetime) -> datetime | None:
    """The day the current stage began, or a newer story of the campaign: what changes the page."""
    t = view.campaign.timeline
    changes = (t.nomination_start, t.nomination_end + timedelta(days=1), t.notice_start,
               t.notice_end + timedelta(days=1), t.results_date)
    moments = [as_shanghai(day) for day in changes if day <= now.date()]
    moments.extend(s.updated or s.date for s in view.stories)
    return max(moments, default=None)


def newest_campaigns(views: Sequence[CampaignView]) -> list[CampaignView]:
    return sorted(views, key=lambda v: (v.campaign.timeline.nomination_start, v.campaign.id), reverse=True)
