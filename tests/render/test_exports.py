"""build.py export: an honor roll or a campaign's list as .xlsx and .csv, published people only."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import build
from haoren.model.site import build_site
from haoren.render.exports import campaign_table, csv_bytes, roll_table, xlsx_bytes
from haoren.schema import Consent, Honor

from ..factories import at, make_campaign, make_content, make_honoree
from ..sample_site import copy_sample_site, run_build_py

NOW = "2024-01-01"


def read_xlsx(path: Path) -> list[list[str]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel reads Chinese from a CSV only with the BOM
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return copy_sample_site(tmp_path_factory.mktemp("export") / "site")


def test_a_roll_export_lists_the_published_winners_in_both_formats(sample, tmp_path, capsys):
    status = build.main(["export", "roll", "2020-Q1", "--site", str(sample), "--now", NOW, "--out", str(tmp_path)])
    assert status == 0, capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["roll-2020-Q1.csv", "roll-2020-Q1.xlsx"]
    rows = read_xlsx(tmp_path / "roll-2020-Q1.xlsx")
    assert rows == read_csv(tmp_path / "roll-2020-Q1.csv")
    assert rows[0] == ["序号", "姓名", "类型", "类别", "所在区县", "工作单位及职务", "事迹标题", "事迹简介",
                       "荣誉称号", "荣誉级别", "获评时间", "网址"]
    zhang = next(row for row in rows if row[1] == "张秀兰")
    assert zhang[2:5] == ["个人", "敬业奉献", "奎文区"] and zhang[-1] == "https://haoren.example.cn/honorees/zhang-xiulan/"
    assert {tuple(row[8:11]) for row in rows if row[1] == "张秀兰"} == {("奎文好人", "县级", "2020-Q1"),
                                                                     ("潍坊好人", "市级", "2020-02")}
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(rows))]


def test_two_exports_of_the_same_content_are_byte_identical_a_day_apart(sample, tmp_path, monkeypatch, capsys):
    arguments = ["export", "roll", "2020-Q1", "--site", str(sample), "--now", NOW]
    assert build.main([*arguments, "--out", str(tmp_path / "first")]) == 0
    later = time.time() + 86400  # zip entries and workbook properties used to carry the moment of writing
    monkeypatch.setattr(time, "time", lambda: later)
    assert build.main([*arguments, "--out", str(tmp_path / "second")]) == 0, capsys.readouterr().err
    for name in ("roll-2020-Q1.xlsx", "roll-2020-Q1.csv"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    assert read_xlsx(tmp_path / "second/roll-2020-Q1.xlsx") == read_csv(tmp_path / "second/roll-2020-Q1.csv")


def test_every_entry_of_an_xlsx_export_carries_the_same_date_whatever_the_clock(sample, tmp_path):
    # The worksheet reaches the zip from a temporary file: its date was once the moment of writing, so two
    # exports differed whenever they were made more than two seconds apart.
    assert build.main(["export", "roll", "2020-Q1", "--site", str(sample), "--now", NOW, "--out", str(tmp_path)]) == 0
    with zipfile.ZipFile(tmp_path / "roll-2020-Q1.xlsx") as archive:
        dates = {entry.filename: entry.date_time for entry in archive.infolist()}
    assert "xl/worksheets/sheet1.xml" in dates
    assert set(dates.values()) == {(1980, 1, 1, 0, 0, 0)}, dates


def test_a_withdrawn_person_is_in_no_export(sample, tmp_path):
    for what, key in (("roll", "2020"), ("roll", "2020-Q4"), ("campaign", "zuimei-jiating-2020")):
        assert build.main(["export", what, key, "--site", str(sample), "--now", NOW, "--out", str(tmp_path)]) == 0
    for path in tmp_path.iterdir():
        text = "\n".join(",".join(row) for row in (read_xlsx(path) if path.suffix == ".xlsx" else read_csv(path)))
        assert "高淑芬" not in text and "gao-shufen" not in text, path.name  # withdrawn in the sample


def test_a_campaign_export_lists_winners_then_nominees_per_award_as_its_page_does(sample, tmp_path):
    assert build.main(["export", "campaign", "kangyi-zuimei-zhiyuanzhe", "--site", str(sample), "--now", NOW,
                       "--out", str(tmp_path)]) == 0
    rows = read_csv(tmp_path / "campaign-kangyi-zuimei-zhiyuanzhe.csv")
    assert rows[0][:4] == ["序号", "奖项", "评选结果", "姓名"]
    assert [row[1:4] for row in rows[1:5]] == [["最美志愿者", "当选", "李建国"], ["最美志愿者", "当选", "刘海涛"],
                                               ["最美志愿者", "提名", "陈志刚"], ["最美志愿者", "提名", "周雨桐"]]


def test_lists_follow_the_lifecycle_consent_date_and_results_date():
    campaign = make_campaign()
    later = make_honoree("later", Honor("最美志愿者", "city", "2020-05", campaign="kangyi", award="最美志愿者"),
                         consent=Consent(publish=True, date=date(2020, 7, 1)))
    now = make_honoree("now", Honor("最美志愿者", "city", "2020-05", campaign="kangyi", award="最美志愿者"))
    content = make_content(honorees=(later, now), campaigns=(campaign,))
    before_results = build_site(content, at("2020-05-20"))
    assert [row[2:4] for row in campaign_table(before_results, "kangyi").rows] == [("提名", "人now")]
    after = build_site(content, at("2020-07-01"))
    assert [row[2:4] for row in campaign_table(after, "kangyi").rows] == [("当选", "人later"), ("当选", "人now")]
    assert [row[1] for row in roll_table(after, "2020-05").rows] == ["人later", "人now"]


def test_a_cell_is_never_a_formula():
    content = make_content(honorees=(make_honoree("x", name="=HYPERLINK(\"http://evil\")"),))
    table = roll_table(build_site(content, at("2020-03-02")), "2020-02")
    rows = list(csv.reader(io.StringIO(csv_bytes(table).decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://evil\")"  # the quote makes a spreadsheet show it as text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table))).worksheets[0]
    assert sheet.cell(2, 2).data_type == "s" and sheet.cell(2, 2).value == "=HYPERLINK(\"http://evil\")"


def test_an_unknown_period_or_campaign_is_refused_with_what_there_is(sample, tmp_path):
    done = run_build_py("export", "roll", "2099", "--site", sample, "--now", NOW, "--out", tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith('build.py: no published honor roll for "2099"; there are: 2021-01, 2021-Q1')
    done = run_build_py("export", "campaign", "kangyi", "--site", sample, "--now", NOW, "--out", tmp_path)
    assert done.stderr == ('build.py: no campaign "kangyi"; there are: kangyi-zuimei-zhiyuanzhe, '
                           "zuimei-jiating-2020\n")
    assert list(tmp_path.iterdir()) == []


def test_export_explains_itself():
    done = run_build_py("export", "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: build.py export")
    assert "--out" in done.stdout and "PERIOD|ID" in done.stdout
