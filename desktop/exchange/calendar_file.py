"""Read a holiday-arrangement file (CSV or XLSX: 日期,类型,名称) for `zwgk calendar import FILE` and the
节假日安排 page."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop.domain.errors import DomainError
from desktop.domain.workdays import KIND_WORDS, CalendarDay

DATE_COLUMN, KIND_COLUMN, NAME_COLUMN = "日期", "类型", "名称"
MAX_NAME_LENGTH = 20
HEADER_SEARCH_ROWS = 5
_DATE_WITH_SEPARATORS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class CalendarFileError(DomainError):
    """The file cannot be imported; `problems` lists every problem as `第N行 【列名】 原因`."""

    def __init__(self, problems: list[str]):
        shown = "\n".join(problems[:20])
        more = f"\n……另有{len(problems) - 20}处问题" if len(problems) > 20 else ""
        super().__init__(f"日历文件有{len(problems)}处问题，未导入任何数据：\n{shown}{more}")
        self.problems = problems


@dataclass(frozen=True)
class CalendarImport:
    """The validated content of a calendar file: its listed days and the years they cover."""

    rows: list[CalendarDay]
    years: frozenset[int]


def read_calendar_file(path: str | Path) -> CalendarImport:
    """Read and validate a .csv (UTF-8 with or without BOM, or GBK) or .xlsx calendar file.

    Every row is checked and all problems are reported together in a `CalendarFileError`; nothing is
    returned unless the whole file is valid.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            table = _read_csv(path)
        elif suffix in (".xlsx", ".xlsm"):
            table = _read_xlsx(path)
        elif suffix == ".xls":
            raise CalendarFileError(["不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再导入"])
        else:
            raise CalendarFileError([f"不支持的文件类型“{path.suffix or '无扩展名'}”，请使用 .xlsx 或 .csv 文件"])
    except OSError as exc:
        raise CalendarFileError([f"无法读取文件 {path.name}：{exc.strerror or exc}"]) from exc
    return parse_calendar_table(table)


def parse_calendar_table(table: list[list[object]]) -> CalendarImport:
    """Validate rows as read from a sheet (first row = header) and return them, or raise `CalendarFileError`."""
    filled = [i for i, row in enumerate(table) if not all(_blank(c) for c in row)]
    if not filled:
        raise CalendarFileError(["文件是空的：第一行应为表头“日期,类型,名称”，其后每行一个日期"])
    # Sheets often carry a title row (e.g. “2027年节假日安排”) above the header: take the first row naming 日期.
    header_index = next(
        (i for i in filled[:HEADER_SEARCH_ROWS] if DATE_COLUMN in (_text(c) for c in table[i])),
        filled[0],
    )
    header = [_text(c) for c in table[header_index]]
    columns = {name: header.index(name) for name in (DATE_COLUMN, KIND_COLUMN, NAME_COLUMN) if name in header}
    header_row = header_index + 1
    problems = [
        f"第{header_row}行 【{name}】 表头缺少该列（表头应为“日期,类型,名称”）"
        for name in (DATE_COLUMN, KIND_COLUMN)
        if name not in columns
    ]
    if problems:
        raise CalendarFileError(problems)

    rows: list[CalendarDay] = []
    first_row_of: dict[date, int] = {}
    for offset, record in enumerate(table[header_index + 1 :]):
        row_no = header_row + 1 + offset
        if all(_blank(c) for c in record):
            continue
        cells = {name: (record[i] if i < len(record) else None) for name, i in columns.items()}
        row_problems: list[str] = []

        day, why = _parse_date(cells[DATE_COLUMN])
        if why:
            row_problems.append(f"第{row_no}行 【{DATE_COLUMN}】 {why}")

        kind_text = _text(cells[KIND_COLUMN])
        is_workday = KIND_WORDS.get(kind_text)
        if not kind_text:
            row_problems.append(f"第{row_no}行 【{KIND_COLUMN}】 不能为空，应为“休”或“班”")
        elif is_workday is None:
            row_problems.append(
                f"第{row_no}行 【{KIND_COLUMN}】 “{kind_text}”无法识别，应为“休”（放假）或“班”（调休上班）"
            )

        name = _text(cells.get(NAME_COLUMN))
        if len(name) > MAX_NAME_LENGTH:
            row_problems.append(f"第{row_no}行 【{NAME_COLUMN}】 过长（{len(name)}字），最多{MAX_NAME_LENGTH}字")

        if day is not None:
            if day in first_row_of:
                row_problems.append(f"第{row_no}行 【{DATE_COLUMN}】 {day.isoformat()}与第{first_row_of[day]}行重复")
            else:
                first_row_of[day] = row_no
            # A make-up working day on Mon–Fri changes nothing, so it is almost certainly a mistyped date.
            if is_workday and day.weekday() < 5:
                row_problems.append(
                    f"第{row_no}行 【{DATE_COLUMN}】 {day.isoformat()}是星期{'一二三四五'[day.weekday()]}，"
                    "调休上班日应为周六或周日，请核对日期"
                )

        if row_problems:
            problems.extend(row_problems)
        elif day is not None and is_workday is not None:
            rows.append(CalendarDay(day, is_workday, name))

    if not rows and not problems:
        problems.append(f"第{header_row + 1}行 【{DATE_COLUMN}】 文件中没有任何日期行")
    if problems:
        raise CalendarFileError(problems)
    rows.sort()
    return CalendarImport(rows=rows, years=frozenset(r.date.year for r in rows))


# -- reading the two file kinds ------------------------------------------------------------------


def _read_csv(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    # UTF-8 first (with or without BOM): GBK happily "decodes" many UTF-8 byte strings into nonsense.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CalendarFileError(["无法识别文件编码，请将文件另存为 UTF-8 或 GBK 编码的 CSV"])
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        return [list(record) for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:  # a cell over 128 KiB: not a calendar file (a binary file renamed .csv, say)
        raise CalendarFileError([f"无法读取 CSV 文件 {path.name}：内容不是日历表格，请检查是否选错了文件"]) from exc


def _read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook  # imported lazily: only calendar imports need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:  # openpyxl raises assorted zipfile/XML errors for damaged or mislabelled files
        raise CalendarFileError([f"无法打开 Excel 文件 {path.name}：文件已损坏或不是 .xlsx 格式"]) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # read_only mode parses the sheet only now: a cut or garbled sheet fails here
        raise CalendarFileError([f"无法读取 Excel 文件 {path.name}：文件已损坏（{type(exc).__name__}）"]) from exc
    finally:
        workbook.close()


# -- cell helpers --------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().lstrip("\ufeff")


def _parse_date(value: object) -> tuple[date | None, str]:
    """A date from an Excel date cell, `2027-01-01`, `2027/1/1`, `2027年1月1日` or `20270101`; else a reason."""
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = _text(value)
    if not text:
        return None, "不能为空"
    match = _DATE_WITH_SEPARATORS.match(text) or _DATE_COMPACT.match(text)
    if match is None:
        return None, f"“{text}”不是日期，应写作2027-01-01或20270101"
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"“{text}”不是有效的日期"
