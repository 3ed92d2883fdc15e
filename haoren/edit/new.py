"""`build.py new`: a file for a new story, honoree, campaign or topic that passes the check as written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from collections.abc import Mapping

from haoren.edit.scaffold import flow_list, markdown_file, scalar, yaml_file
from haoren.load.documents import Document, LineMap, load_site, load_yaml, split_front_matter
from haoren.problems import Problem, ProblemsFound
from haoren.schema import (
    CAMPAIGN_FIELDS,
    CATEGORIES,
    HONOREE_FIELDS,
    ID_MAX_LENGTH,
    LEVELS,
    STORY_FIELDS,
    TOPIC_FIELDS,
    Rule,
)
from haoren.validate.fields import ID
from haoren.validate.site import validate

FOLDERS = {"story": "stories", "honoree": "honorees", "campaign": "content/campaigns", "topic": "content/topics"}
SUFFIXES = {"story": ".md", "honoree": ".yml", "campaign": ".yml", "topic": ".yml"}
RULES: Mapping[str, Mapping[str, Rule]] = {
    "story": STORY_FIELDS, "honoree": HONOREE_FIELDS, "campaign": CAMPAIGN_FIELDS, "topic": TOPIC_FIELDS,
}
HONOREE_FOLDERS = {"person": "people", "group": "groups", "organization": "organizations"}
TODO = "（待填写）"
HEADERS = {
    "story": ["新稿件：写好后删去 draft: true 这一行才会发布。"],
    "honoree": ["新好人：取得本人（未成年人为其监护人）同意后，把 consent.publish 改为 true 才会发布。"],
    "campaign": ["新评选活动：评选活动没有草稿状态，提交后的下一次构建就会发布，请先填好各项。"],
    "topic": ["新专题：稿件在自己的 topics 中写上本专题的 id 即加入本专题。"],
}


@dataclass(frozen=True)
class Request:
    """What the editor asked for on the command line."""

    kind: str  # story | honoree | campaign | topic
    id: str
    title: str | None = None  # a story's, campaign's or topic's title; an honoree's name
    honoree_kind: str = "person"
    honorees: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


def target_path(request: Request, now: datetime) -> str:
    """Where the new file goes: stories by year, honorees by kind, campaigns and topics in their folder."""
    folder = FOLDERS[request.kind]
    if request.kind == "story":
        folder += f"/{now:%Y}"
    elif request.kind == "honoree":
        folder += "/" + HONOREE_FOLDERS[request.honoree_kind]
    return f"{folder}/{request.id}{SUFFIXES[request.kind]}"


def existing_files(site: Path, kind: str, item_id: str) -> list[str]:
    """Files that already hold this id, in any subfolder of the kind's folder."""
    root = site / FOLDERS[kind]
    if not root.is_dir():
        return []
    return sorted(path.relative_to(site).as_posix() for path in root.rglob(item_id + SUFFIXES[kind]))


def id_problem(rel: str, site: Path, request: Request) -> Problem | None:
    if not ID.fullmatch(request.id) or len(request.id) > ID_MAX_LENGTH:
        return Problem(rel, 1, "id", f'"{request.id}" is not an id: lowercase letters, digits and single '
                                     f"hyphens, at most {ID_MAX_LENGTH} characters")
    taken = existing_files(site, request.kind, request.id)
    if taken:
        return Problem(rel, 1, "id", f'"{request.id}" is already the id of {taken[0]}; '
                                     f"each {request.kind} needs its own id")
    return None


def field_values(request: Request, now: datetime,
                 settings: LineMap | None) -> tuple[dict[str, str], frozenset[str]]:
    """The values a new file starts with (every required field filled), and the fields it leaves out."""
    today, month = f"{now:%Y-%m-%d}", f"{now:%Y-%m}"
    title = scalar(request.title or TODO + "标题")
    if request.kind == "story":
        values = {"title": title, "date": today, "draft": "true",
                  "summary": scalar(TODO + "一两句话概括全文，用于列表卡片、页面描述和分享文字。")}
        if request.topics:
            values["topics"] = flow_list(list(request.topics))
        if request.honorees:
            values["honorees"] = flow_list(list(request.honorees))
        return values, frozenset()
    if request.kind == "topic":
        return {"title": title, "description": scalar(TODO + "专题说明，使用 Markdown。")}, frozenset()
    settings = settings or LineMap()
    if request.kind == "campaign":
        day = now.date()
        dates = {"nomination.start": 0, "nomination.end": 30, "notice.start": 31, "notice.end": 37,
                 "results.date": 40}
        organizer = settings.get("organizer")
        values = {
            "title": title, "organizer": scalar(organizer if isinstance(organizer, str) else TODO + "主办单位"),
            "description": scalar(TODO + "活动说明，使用 Markdown。"), "targets[].award": scalar(TODO + "奖项名称"),
            "targets[].count": "1", "targets[].kind": "person",
            **{f"timeline.{key}": f"{day + timedelta(days=offset):%Y-%m-%d}" for key, offset in dates.items()},
        }
        return values, frozenset()
    districts = settings.get("districts")
    district = districts[0] if isinstance(districts, list) and districts and isinstance(districts[0], str) else TODO
    kind = request.honoree_kind
    values = {
        "name": scalar(request.title or TODO + "姓名"), "kind": kind,
        "headline": scalar(TODO + "事迹标题"),
        "summary": scalar(TODO + "用二十到三百个字简要介绍事迹，用于卡片和页面描述。"),
        "district": scalar(district), "honors[].title": scalar(TODO + "荣誉名称"), "honors[].level": LEVELS[0],
        "honors[].period": month, "consent.publish": "false", "consent.photo": "false", "consent.date": today,
    }
    skip = {"members"} if kind != "group" else set()
    if kind == "group":
        values["members"] = flow_list([TODO + "成员姓名"])
    if kind == "organization":
        values["registered"] = "false"
    else:
        values["category"] = CATEGORIES[0]
        skip.add("registered")
    return values, frozenset(skip)


def new_document(site: Path, rel: str, request: Request, text: str) -> Document:
    """The new file as the loader would read it (ProblemsFound if the text would not load)."""
    if request.kind == "story":
        front, body, body_line = split_front_matter(text, rel)
        return Document(rel, site / rel, request.kind, front, body, body_line)
    return Document(rel, site / rel, request.kind, load_yaml(text, rel))


def create(site: Path, request: Request, now: datetime) -> str:
    """Write the new file and return its path relative to `site`; ProblemsFound (nothing written) when the
    request is refused or the file would not pass the check (an unknown honoree or topic, a bad title)."""
    rel = target_path(request, now)
    refused = id_problem(rel, site, request)
    if refused:
        raise ProblemsFound([refused])
    documents, _ = load_site(site)  # other files' problems are theirs; only the new file must be clean
    settings = next((doc.data for doc in documents if doc.kind == "settings"), None)
    values, skip = field_values(request, now, settings)
    header = HEADERS[request.kind]
    if request.kind == "story":
        text = markdown_file(rel, "story", header, RULES["story"], values, "（在这里写正文，使用 Markdown。）")
    else:
        text = yaml_file(rel, request.kind, header, RULES[request.kind], values, skip)
    document = new_document(site, rel, request, text)
    _, problems = validate(site, [*documents, document])
    own = [problem for problem in problems if problem.path == rel]
    if own:
        raise ProblemsFound(own)
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:  # written by someone else since the check above
        raise ProblemsFound([Problem(rel, 1, "id", f'"{request.id}" is already the id of {rel}')]) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)
    return rel
