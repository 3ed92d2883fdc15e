"""Lists the office sends up (an honor roll, a campaign's results) as .xlsx and .csv, from the frozen site only.

Everything comes from the Site the model built, so a withdrawn, withheld or not-yet-due honoree is
never in a list. Column names are the import's (docs/editor-guide.md), so a list reads like the
office's own sheets.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from haoren.model.site import Site
from haoren.render.pages.urls import honoree_url
from haoren.schema import Honor, Honoree

KIND_LABELS = {"person": "个人", "group": "群体", "organization": "组织"}
LEVEL_LABELS = {"county": "县级", "city": "市级", "province": "省级", "national": "国家级"}
STATUS_LABELS = {"winner": "当选", "nominee": "提名"}
PERSON_COLUMNS = ("姓名", "类型", "类别", "所在区县", "工作单位及职务", "事迹标题", "事迹简介")
HONOR_COLUMNS = ("荣誉称号", "荣誉级别", "获评时间")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell as a formula
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold: the same for every export


class UnknownList(ValueError):
    """The period or campaign asked for has no published list; the message says what there is."""


@dataclass(frozen=True)
class Table:
    """One list: a title (the sheet's name), the header and the rows, all text."""

    name: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def person_cells(honoree: Honoree) -> tuple[str, ...]:
    return (honoree.name, KIND_LABELS[honoree.kind], honoree.category or "", honoree.district,
            honoree.affiliation or "", honoree.headline, honoree.summary)


def honor_cells(honor: Honor) -> tuple[str, ...]:
    return honor.title, LEVEL_LABELS[honor.level], honor.period


def roll_table(site: Site, period: str) -> Table:
    """The published honor roll of one period (a month also lists on its quarter and year)."""
    roll = next((roll for roll in site.rolls if roll.period == period), None)
    if roll is None:
        shown = ", ".join(roll.period for roll in site.rolls[:12])
        raise UnknownList(f'no published honor roll for "{period}"; there are: {shown or "none"}')
    base = site.settings.base_url
    rows = tuple((str(number), *person_cells(entry.honoree), *honor_cells(entry.honor),
                  base + honoree_url(entry.honoree.id))
                 for number, entry in enumerate(roll.entries, start=1))
    return Table(f"roll-{period}", f"{period} 光荣榜",
                 ("序号", *PERSON_COLUMNS, *HONOR_COLUMNS, "网址"), rows)


def campaign_table(site: Site, campaign_id: str) -> Table:
    """A campaign's published winners, then nominees, award by award, as its page shows them now."""
    view = site.campaign_by_id.get(campaign_id)
    if view is None:
        shown = ", ".join(sorted(site.campaign_by_id)) or "none"
        raise UnknownList(f'no campaign "{campaign_id}"; there are: {shown}')
    base = site.settings.base_url
    rows = []
    for progress in view.awards:
        for status, people in (("winner", progress.winners), ("nominee", progress.nominees)):
            for honoree in people:
                rows.append((progress.award, STATUS_LABELS[status], *person_cells(honoree),
                             base + honoree_url(honoree.id)))
    rows = [(str(number), *row) for number, row in enumerate(rows, start=1)]
    return Table(f"campaign-{campaign_id}", view.campaign.title[:31],
                 ("序号", "奖项", "评选结果", *PERSON_COLUMNS, "网址"), tuple(rows))


def safe_cell(value: str) -> str:
    """A text a spreadsheet shows as written: a leading =, +, - or @ would make it a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(table: Table) -> bytes:
    """UTF-8 with a BOM, which Excel needs to read Chinese from a CSV; CRLF line ends as RFC 4180 says."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows([safe_cell(cell) for cell in row] for row in table.rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    """One worksheet: bold, frozen header, columns wide enough for Chinese, every cell text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title.translate(str.maketrans("[]:*?/\\", "（）：＊？／＼"))[:31] or "list"
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # openpyxl would take a text starting with "=" for a formula
    sheet.freeze_panes = "A2"
    for index, name in enumerate(table.header, start=1):
        widest = max([len(name)] + [len(row[index - 1]) for row in table.rows])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, 4 + 2 * widest)
    # The same list gives the same bytes whenever it is made: no clock in the document properties either.
    workbook.properties.created = workbook.properties.modified = datetime(*ZIP_EPOCH)
    data = io.BytesIO()
    with UndatedZip(data, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()  # Workbook.save would stamp the time it saved
    return data.getvalue()


class UndatedZip(zipfile.ZipFile):
    """A zip file whose entries carry ZIP_EPOCH instead of the moment each was written."""

    def writestr(self, name, data, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        if not isinstance(name, zipfile.ZipInfo):
            name = zipfile.ZipInfo(name, ZIP_EPOCH)
            name.compress_type = self.compression
            name.external_attr = 0o600 << 16  # what ZipFile gives an entry written by name
        super().writestr(name, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[no-untyped-def]
        # openpyxl adds each worksheet from a temporary file, whose mtime ZipFile.write would copy.
        data = Path(filename).read_bytes()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def write_table(table: Table, out_dir: Path) -> list[Path]:
    """`<name>.xlsx` and `<name>.csv` in `out_dir`, each through a temporary file and a rename."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, data in ((".xlsx", xlsx_bytes(table)), (".csv", csv_bytes(table))):
        path = out_dir / (table.name + suffix)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        written.append(path)
    return written
