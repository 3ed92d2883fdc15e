"""build.py import honorees: one file per row, every value validated with the whole site, nothing written on a problem."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

import build
from haoren.validate.sheets import honoree_id, period

from ..sample_site import copy_sample_site, run_build_py, tree_hashes

HEADER = ["序号", "姓名", "类别", "所在区县", "事迹标题", "事迹简介", "荣誉称号", "荣誉级别", "获评时间",
          "同意公开", "同意使用照片", "同意日期"]
GOOD = [
    [1, "王小明", "助人为乐", "潍城区", "雨夜护送迷路老人回家", "王小明在雨夜发现一位迷路的老人，冒雨护送老人走了三公里回到家中。",
     "潍坊好人", "市级", "2020年5月", "是", "否", "2020-05-01"],
    [2, "李红", "見義勇為", "寿光市", "勇救落水儿童", "李红路过河边时发现儿童落水，立即跳入河中将其救起，自己却被冻伤。",
     "潍坊好人", "市级", "2020年第二季度", "是", "否", "2020-05-01"],
]


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    return copy_sample_site(tmp_path / "site")


def content_files(site: Path) -> dict[str, str]:
    """The site's files but its cache (validation remembers image verdicts there)."""
    return {rel: digest for rel, digest in tree_hashes(site).items() if not rel.startswith(".haoren-cache")}


def write_xlsx(path: Path, rows: list[list], title: str | None = "2020年潍坊好人推荐名单") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])  # offices put a title row above the header
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(site: Path, *arguments: str, capsys) -> tuple[int, str, str]:
    status = build.main(["import", "honorees", *arguments, "--site", str(site)])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_sheet_becomes_one_valid_honoree_file_per_row(site, tmp_path, capsys):
    sheet = write_xlsx(tmp_path / "list.xlsx", [HEADER, *GOOD])
    status, out, err = run(site, str(sheet), capsys=capsys)
    assert (status, err) == (0, "")
    assert "honorees/people/wang-xiaoming.yml" in out and "honorees/people/li-hong.yml" in out
    text = (site / "honorees/people/li-hong.yml").read_text(encoding="utf-8")
    assert text.splitlines()[:2] == ["# yaml-language-server: $schema=../../schemas/honoree.schema.json",
                                     f"# 由 build.py import honorees 从 {sheet} 第 4 行导入"]
    assert "category: 見義勇為\n" in text and "honors:\n- {title: 潍坊好人, level: city, period: 2020-Q2}\n" in text
    assert "consent: {publish: true, photo: false, date: '2020-05-01'}" in text
    assert build.main(["check", "--site", str(site)]) == 0


def test_a_row_with_an_id_number_is_refused_at_its_row_and_column_and_nothing_is_written(site, tmp_path, capsys):
    bad = [3, "赵强", *GOOD[1][2:]]
    bad[5] = "赵强路过河边时发现儿童落水，立即跳入河中将其救起。身份证号370724198207063121。"
    sheet = write_xlsx(tmp_path / "list.xlsx", [HEADER, GOOD[0], GOOD[1], bad])
    before = content_files(site)
    status, out, err = run(site, str(sheet), capsys=capsys)
    assert status == 1 and out == ""
    assert err.splitlines() == [
        f'{sheet}:5: 事迹简介: contains a resident ID number "370***********3121"; '
        "ID numbers must not be published, remove it",
        "1 problem found; nothing was written.",
    ]
    assert content_files(site) == before  # not even the two clean rows


def test_a_row_whose_id_is_taken_is_refused_with_its_other_problems(site, tmp_path, capsys):
    twin = [3, *GOOD[1][1:]]
    twin[3] = "北京市"
    sheet = write_xlsx(tmp_path / "list.xlsx", [HEADER, GOOD[1], twin, [4, "张秀兰", *GOOD[1][2:]]])
    status, _, err = run(site, str(sheet), capsys=capsys)
    assert err.splitlines() == [
        f'{sheet}:4: 姓名: "li-hong" is already the id of row 3; give this row its own 编号',
            f'{sheet}:4: 所在区县: "北京市" is not a district of this site',
        f'{sheet}:5: 姓名: "zhang-xiulan" is already the id of honorees/people/zhang-xiulan.yml; '
        "give this row its own 编号",
        "3 problems found; nothing was written.",
    ]


def test_every_value_goes_through_the_validator_with_columns_named(site, tmp_path, capsys):
    rows = [HEADER + ["类型", "身份证号"], GOOD[0] + ["团体", ""], GOOD[1][:3] + ["北京市"] + GOOD[1][4:] + ["个人", ""]]
    sheet = tmp_path / "list.csv"
    with sheet.open("w", encoding="gb18030", newline="") as file:  # Excel's plain CSV on Chinese Windows
        csv.writer(file).writerows(rows)
    status, _, err = run(site, str(sheet), capsys=capsys)
    assert status == 1
    assert err.splitlines() == [
        f"{sheet}:1: 身份证号: personal data is never imported or published: delete this column from the sheet",
        f'{sheet}:2: 类型: "团体" is not one of 个人, 群体, 组织',
        f'{sheet}:3: 所在区县: "北京市" is not a district of this site',
        "3 problems found; nothing was written.",
    ]
    assert not (site / "honorees/people/wang-xiaoming.yml").exists()


def test_a_period_or_consent_a_row_gets_wrong_is_reported_in_its_column(site, tmp_path, capsys):
    rows = [HEADER + ["是否未成年"], [*GOOD[0][:8], "2020-13", *GOOD[0][9:], "是"]]
    sheet = write_xlsx(tmp_path / "list.xlsx", rows, title=None)
    status, _, err = run(site, str(sheet), capsys=capsys)
    assert status == 1
    assert err.splitlines() == [
        f'{sheet}:2: 监护人同意: a minor needs a guardian\'s consent: write guardian: true',
        f'{sheet}:2: 获评时间: "2020-13" is not a month (YYYY-MM, YYYY-Qn or YYYY)',
        "2 problems found; nothing was written.",
    ]


def test_campaign_and_award_fill_every_row_and_are_checked_against_the_campaign(site, tmp_path, capsys):
    rows = [[name for name in HEADER if name not in ("荣誉称号", "获评时间")],
            [value for name, value in zip(HEADER, GOOD[0]) if name not in ("荣誉称号", "获评时间")]]
    sheet = write_xlsx(tmp_path / "list.xlsx", rows)
    status, _, err = run(site, str(sheet), "--campaign", "zuimei-jiating-2020", "--award", "最美志愿者",
                         capsys=capsys)
    assert status == 1
    assert err.splitlines() == [f'{sheet}:3: --award: campaign "zuimei-jiating-2020" has no award "最美志愿者"',
                                "1 problem found; nothing was written."]
    status, _, err = run(site, str(sheet), "--campaign", "zuimei-jiating-2020", "--award", "孝老爱亲之星",
                         capsys=capsys)
    assert (status, err) == (0, "")
    text = (site / "honorees/people/wang-xiaoming.yml").read_text(encoding="utf-8")
    assert ("- {title: 孝老爱亲之星, level: city, period: 2020-11, campaign: zuimei-jiating-2020, "
            "award: 孝老爱亲之星}\n") in text


def test_a_sheet_without_a_header_or_unreadable_is_one_problem(site, tmp_path, capsys):
    sheet = write_xlsx(tmp_path / "list.xlsx", [["名字", "类别"], ["王小明", "助人为乐"]])
    assert run(site, str(sheet), capsys=capsys)[2].splitlines()[0] == f"{sheet}:1: 姓名: no header row with a 姓名 column"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    err = run(site, str(broken), capsys=capsys)[2]
    assert err.startswith(f"{broken}:1: file: could not be read as a spreadsheet") and "Traceback" not in err


def test_ids_from_names_and_periods_in_office_wording():
    assert honoree_id("张秀兰", "person") == "zhang-xiulan"
    assert honoree_id("吕梅", "person") == "lv-mei"
    assert honoree_id("春雨义工队", "organization") == "chun-yu-yi-gong-dui"
    assert [period(text) for text in ("2020年2月", "2020年第一季度", "2020年", "2020-02-15", "2020-Q3")] == [
        "2020-02", "2020-Q1", "2020", "2020-02", "2020-Q3"]


def test_import_explains_itself():
    done = run_build_py("import", "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: build.py import")
    assert "--campaign" in done.stdout and "--award" in done.stdout
