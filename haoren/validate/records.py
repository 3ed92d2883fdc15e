"""Records: a clean file's parsed fields as the frozen shapes of schema.py."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING, Any, Callable, Mapping

from haoren.schema import (
    Campaign,
    Consent,
    Footer,
    Honor,
    Honoree,
    Image,
    Page,
    Redirect,
    Settings,
    Story,
    Target,
    Timeline,
    Topic,
    Volunteer,
)

if TYPE_CHECKING:
    from haoren.validate.entry import Entry

def fill(shape: type, values: Mapping[str, Any], **extra: Any) -> Any:
    """`shape` from those `values` that are its fields, plus `extra`."""
    names = field_names(shape)
    return shape(**{key: value for key, value in values.items() if key in names}, **extra)


@cache
def field_names(shape: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(shape))


def build_story(entry: Entry, images: dict[str, Image | None]) -> Story:
    doc = entry.doc
    return fill(Story, dict(entry.values, **images), slug=entry.id, path=doc.rel, body=doc.body,
                body_line=doc.body_line)


def build_honoree(entry: Entry, images: dict[str, Image | None]) -> Honoree:
    values = dict(entry.values, **images)
    values["honors"] = tuple(fill(Honor, honor) for honor in values["honors"])
    values["consent"] = fill(Consent, values["consent"])
    if "volunteer" in values:
        values["volunteer"] = fill(Volunteer, values["volunteer"])
    return fill(Honoree, values, id=entry.id, path=entry.doc.rel)


def build_campaign(entry: Entry, images: dict[str, Image | None]) -> Campaign:
    values, timeline = dict(entry.values, **images), entry.values["timeline"]
    values["targets"] = tuple(fill(Target, target) for target in values["targets"])
    values["timeline"] = Timeline(
        nomination_start=timeline["nomination"]["start"], nomination_end=timeline["nomination"]["end"],
        notice_start=timeline["notice"]["start"], notice_end=timeline["notice"]["end"],
        results_date=timeline["results"]["date"], notice_contact=timeline["notice"].get("contact"),
        notice_address=timeline["notice"].get("address"),
    )
    return fill(Campaign, values, id=entry.id, path=entry.doc.rel)


def build_topic(entry: Entry, images: dict[str, Image | None]) -> Topic:
    return fill(Topic, dict(entry.values, **images), id=entry.id, path=entry.doc.rel)


def build_page(entry: Entry, images: dict[str, Image | None]) -> Page:
    doc = entry.doc
    return Page(path=doc.rel, url=entry.id, title=entry.values["title"], body=doc.body,
                body_line=doc.body_line, body_images=images.get("body_images", ()))


def build_settings(entry: Entry, images: dict[str, Image | None]) -> Settings:
    values = dict(entry.values, **images)
    values["base_url"] = values["base_url"].rstrip("/")
    values["footer"] = fill(Footer, values.get("footer", {}))
    return fill(Settings, values)


def build_redirects(entry: Entry, images: dict[str, Image | None]) -> tuple[Redirect, ...]:
    return tuple(redirect for _, _, redirect in entry.values.get("redirects", ()))


def build_overrides(entry: Entry, images: dict[str, Image | None]) -> tuple[tuple[str, str], ...]:
    """(Simplified, Traditional) pairs, longest phrase first (the order the converter tries them)."""
    pairs = {(simplified, traditional) for simplified, traditional, _ in entry.values.get("overrides", ())}
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])))


BUILDERS: Mapping[str, Callable[[Entry, dict[str, Image | None]], Any]] = {
    "story": build_story, "honoree": build_honoree, "campaign": build_campaign, "topic": build_topic,
    "page": build_page, "settings": build_settings, "redirects": build_redirects,
    "edition": build_overrides,
}
