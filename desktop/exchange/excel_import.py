"""Excel import of a register or catalogue: every row validated by the register, all rows written or none."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from desktop.db.declare import COMMON_LABELS, Declaration, Field, Kind
from desktop.domain.errors import DomainError
from desktop.domain.text import LONG_TEXT_SHEET, cut_long_text
from desktop.exchange.excel_export import EXPORT_ONLY_LABELS, find_register
from desktop.registers.base import Actor, FieldErrors, Prepared, Register, batch_lookups, batch_rows
from desktop.registers.values import blank, parse_bool

HEADER_SEARCH_ROWS = 5  # a title row or two above the header is common in office spreadsheets
SHOWN_PROBLEMS = 20
DB_CHUNK = 500  # values per IN (...) query: well under SQLite's parameter limit
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})
NO_CACHED_VALUE = "公式没有计算结果，请在Excel中打开并保存后再导入"
# A formula element in sheet XML, with or without a namespace prefix (`<f>`, `<f t="shared" …/>`, `<x:f>`).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Excel serial day numbers of 1990-01-01 and 2100-01-01: a date cell that lost its format. Other numbers in a date
# column (20151012 typed into a number cell, or a bare year 2015) go to the register's parser as they are.
_SERIAL_RANGE = (32_874, 73_051)
# Stands in a row for a formula saved without its result (openpyxl writes such files; Excel never does).
_UNCALCULATED = object()


class ImportFailed(DomainError):
    """Nothing was imported; `problems` lists every problem as `第N行 【列名】 原因`."""

    def __init__(self, title: str, problems: list[str]):
        shown = "\n".join(problems[:SHOWN_PROBLEMS])
        more = f"\n……另有{len(problems) - SHOWN_PROBLEMS}处问题" if len(problems) > SHOWN_PROBLEMS else ""
        super().__init__(f"{title}导入失败：文件有{len(problems)}处问题，未导入任何数据。\n{shown}{more}")
        self.problems = problems


@dataclass
class ImportResult:
    """What an import wrote: records created, how many got a number assigned, blank rows skipped, warnings."""

    key: str
    sheet: str
    created: int
    numbered: int = 0
    blank_rows: int = 0
    voided_rows: int = 0  # rows marked 已作废 in an export with voided records: never revived
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        extra = [f"自动编号{self.numbered}条"] if self.numbered else []
        extra += [f"跳过空行{self.blank_rows}行"] if self.blank_rows else []
        extra += [f"跳过已作废{self.voided_rows}条"] if self.voided_rows else []
        head = f"已从工作表“{self.sheet}”导入{self.created}条记录" + (f"（{'，'.join(extra)}）" if extra else "")
        return "\n".join([head, *(f"提示：{w}" for w in self.warnings)])


def import_register(key: str, path: str | Path, actor: Actor) -> ImportResult:
    """Read an .xlsx file made like an export (field labels as headers) and create one record per row; see
    `_import_register`. Catalogue lookups are made once per file (`batch_lookups`), not once per row; rules that
    look at other records see the rows above too (`batch_rows`: a fee, a parent topic, a repeated call)."""
    with batch_lookups(), batch_rows():
        return _import_register(key, path, actor)


def _import_register(key: str, path: str | Path, actor: Actor) -> ImportResult:
    """Read an .xlsx file made like an export (field labels as headers) and create one record per row.

    Every row is validated first; if any row has a problem, `ImportFailed` lists them all and nothing is
    written. Otherwise all rows are written in one transaction. Blank auto-number cells get the next number.
    """
    register = find_register(key)
    decl = register.decl
    secret = [f.label for f in decl.fields if f.secret and f.required]
    if secret:
        raise DomainError(f"“{decl.title}”不能从Excel导入：{'、'.join(secret)}不能写在文件中，请逐个添加")
    title, rows = _read_sheet(Path(path), decl.sheet_name)
    header_index = _find_header(rows, decl)
    problems = _join_long_texts(Path(path), decl, title, rows, header_index)
    if problems:
        raise ImportFailed(decl.title, problems)
    header_row = header_index + 1
    columns, warnings, problems = _map_columns(decl, rows[header_index], header_row)
    if problems:
        raise ImportFailed(decl.title, problems)

    voided_key = _label_key(COMMON_LABELS["voided"])
    voided_col = next((i for i, t in enumerate(rows[header_index]) if _label_key(t) == voided_key), None)

    prepared: list[tuple[int, Prepared]] = []
    blank_rows = 0
    voided_rows: list[int] = []
    for offset, cells in enumerate(rows[header_index + 1 :]):
        row_no = header_row + 1 + offset
        if all(blank(c) for c in cells):
            blank_rows += 1
            continue
        if voided_col is not None:
            try:
                if parse_bool(cells[voided_col] if voided_col < len(cells) else None):
                    voided_rows.append(row_no)
                    continue
            except DomainError as exc:
                problems.append(f"第{row_no}行 【{COMMON_LABELS['voided']}】 {exc.message}")
                continue
        raw, unreadable = _raw_row(decl, columns, cells)
        # The register still checks the rest of the row, so that every problem is reported in one go; what it
        # says about an unreadable cell (必填 …) is left out, the cell's own problem says more.
        row_problems = [f"第{row_no}行 【{f.label}】 {why}" for f, why in unreadable.values()]
        try:
            p = register.prepare(raw)
            register.check_scope(actor, p.values)
        except FieldErrors as exc:
            row_problems += [
                f"第{row_no}行 【{exc.labels.get(n, n)}】 {m}" for n, m in exc.errors.items() if n not in unreadable
            ]
        except DomainError as exc:
            row_problems.append(f"第{row_no}行 {exc.message}")
        else:
            if not row_problems:
                prepared.append((row_no, p))
                register.accepted(p.values)  # what the rules of the rows below see of this one
                warnings += [f"第{row_no}行 {w}" for w in p.warnings]
        problems += row_problems

    if voided_rows:
        shown = "、".join(str(n) for n in voided_rows[:10]) + ("……" if len(voided_rows) > 10 else "")
        warnings.append(f"{len(voided_rows)}条已作废的记录未导入（第{shown}行）")
    if not prepared and not problems and not voided_rows:
        problems.append(f"第{header_row + 1}行 文件中没有数据行（表头在第{header_row}行）")
    problems += _unique_problems(register, prepared)
    if problems:
        raise ImportFailed(decl.title, sorted(problems, key=_row_of))

    number = decl.number_field
    numbered = sum(1 for _, p in prepared if number and blank(p.values.get(number)))
    records = register.create_many([p for _, p in prepared], actor) if prepared else []
    return ImportResult(key, title, len(records), numbered, blank_rows, len(voided_rows), warnings)


# -- reading the file ---------------------------------------------------------------------------------------------


def _join_long_texts(path: Path, decl: Declaration, title: str, rows: list[list[Any]], header_index: int) -> list[str]:
    """Put back the texts an export had to cut (longer than a cell holds, see domain.text.LongTexts) from the
    rows of its LONG_TEXT_SHEET; a cut cell whose rest is missing is a problem, never imported cut."""
    headers = rows[header_index]
    long_labels = {_label_key(f.label) for f in decl.fields if f.kind is Kind.LONGTEXT}
    columns = [c for c, label in enumerate(headers) if _label_key(label) in long_labels]
    cut = [
        (r, c, found)
        for r in range(header_index + 1, len(rows))
        for c in columns
        if c < len(rows[r])
        and isinstance(value := rows[r][c], str)
        and value.endswith("行〕")
        and (found := cut_long_text(value))
    ]
    if not cut:
        return []
    rest: dict[int, str] = {}
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        if LONG_TEXT_SHEET in workbook.sheetnames:
            for number, row in enumerate(workbook[LONG_TEXT_SHEET].iter_rows(values_only=True), start=1):
                if len(row) > 4 and row[0] == title:
                    rest[number] = "".join(str(p) for p in row[4:] if p is not None)
        workbook.close()
    except Exception:  # an unreadable rest is reported below, cell by cell
        rest = {}
    problems: list[str] = []
    for r, c, (total, number) in cut:
        whole = rest.get(number)
        if whole is None or len(whole) != total:
            label = headers[c] if c < len(headers) else f"第{c + 1}列"
            problems.append(
                f"第{r + 1}行 【{label}】 这是导出时截断的长文本（全文{total}字），"
                f"“{LONG_TEXT_SHEET}”工作表第{number}行缺失或不完整，不能只导入前一部分"
            )
        else:
            rows[r][c] = whole
    return problems


def _read_sheet(path: Path, sheet_name: str) -> tuple[str, list[list[Any]]]:
    """The title and rows (cell values) of the register's sheet, formulas without a result marked as such."""
    if not path.exists():
        raise DomainError(f"找不到文件：{path}")
    if path.is_dir():
        raise DomainError(f"{path} 是一个文件夹，请选择 .xlsx 文件")
    if path.suffix.lower() == ".xls":
        raise DomainError(f"不支持旧版 .xls 文件（{path.name}），请在Excel中另存为 .xlsx 后再导入")
    if path.suffix.lower() == ".csv":
        raise DomainError(f"不支持 CSV 文件（{path.name}），请在Excel中另存为 .xlsx 后再导入")
    read = _load_quickly(path, sheet_name)
    title, rows = read if read is not None else _load(path, sheet_name, data_only=True)
    formulas, errors = _sheet_markup(path)
    if read is not None and errors:
        title, rows = _load(path, sheet_name, data_only=True)  # calamine reads an error cell as empty
    if formulas:
        # The cached results (data_only) do not say which cells are formulas: a second pass does.
        _, cells = _load(path, title, data_only=False)
        for row in cells:
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                while len(rows) < cell.row:
                    rows.append([])
                values = rows[cell.row - 1]
                if len(values) < cell.column:
                    values.extend([None] * (cell.column - len(values)))
                if values[cell.column - 1] is None:
                    values[cell.column - 1] = _UNCALCULATED
    return title, rows


def _load(path: Path, sheet_name: str, *, data_only: bool) -> tuple[str, list[list[Any]]]:
    """The rows of the sheet named `sheet_name` (else the first): values, or cells when not data_only."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=data_only)
    except OSError as exc:
        raise DomainError(f"无法读取文件 {path.name}：{exc.strerror or exc}") from exc
    except Exception as exc:  # openpyxl raises assorted zip and XML errors for damaged or mislabelled files
        raise DomainError(f"无法打开Excel文件 {path.name}：文件已损坏或不是 .xlsx 格式") from exc
    try:
        wanted = _label_key(sheet_name)
        sheet = next((ws for ws in workbook.worksheets if _label_key(ws.title) == wanted), None)
        if sheet is None and not workbook.worksheets:
            raise DomainError(f"Excel文件 {path.name} 中没有工作表")
        sheet = sheet or workbook.worksheets[0]
        # The stored dimension is often wrong in files from other programs; without it every row is read whole.
        sheet.reset_dimensions()
        rows = [list(row) for row in sheet.iter_rows(values_only=data_only)]
        return sheet.title, rows
    except DomainError:
        raise
    except Exception as exc:
        raise DomainError(f"无法读取Excel文件 {path.name}：文件已损坏（{type(exc).__name__}）") from exc
    finally:
        workbook.close()


def _load_quickly(path: Path, sheet_name: str) -> tuple[str, list[list[Any]]] | None:
    """The values of the sheet through calamine (compiled; a tenth of openpyxl's time for 100,000 rows), made
    what openpyxl's read-only read gives: None for an empty cell, whole numbers as int, dates as datetime.
    None when calamine cannot read the file: openpyxl then reads it, or says what is wrong with it."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency; kept optional for builds without compiled wheels
        return None
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            return None
        wanted = _label_key(sheet_name)
        title = next((n for n in names if _label_key(n) == wanted), names[0])
        values = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
    except Exception:
        return None
    return title, [[_as_openpyxl(v) for v in row] for row in values]


def _as_openpyxl(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


_ERROR_CELL = re.compile(rb"""<(?:\w+:)?c\s[^>]*\bt=["']e["']""")


def _sheet_markup(path: Path) -> tuple[bool, bool]:
    """(formulas, error cells): whether any sheet holds a formula (whose result openpyxl must check) or a cell
    with an error value (#N/A, #REF! …, which calamine reads as empty). One read of each sheet's XML."""
    formulas = errors = False
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = archive.read(name)
                    formulas = formulas or bool(_FORMULA_TAG.search(xml))
                    errors = errors or bool(_ERROR_CELL.search(xml))
    except Exception as exc:  # a damaged part that the first pass did not read (another sheet): bad CRC, zlib …
        raise DomainError(f"无法读取Excel文件 {path.name}：文件已损坏（{type(exc).__name__}）") from exc
    return formulas, errors


# -- header -------------------------------------------------------------------------------------------------------


def _label_key(text: Any) -> str:
    """A header as compared with the labels: no spaces, ASCII brackets as Chinese ones, no required-marker `*`."""
    if text is None:
        return ""
    key = re.sub(r"\s+", "", str(text)).replace("(", "（").replace(")", "）")
    return key.strip("*＊")


def _find_header(rows: list[list[Any]], decl: Declaration) -> int:
    """The index of the header row: of the first few filled rows, the one naming the most fields."""
    labels = {_label_key(f.label) for f in decl.fields} | {_label_key(x) for x in EXPORT_ONLY_LABELS}
    filled = [i for i, row in enumerate(rows) if not all(blank(c) for c in row)]
    if not filled:
        raise ImportFailed(
            decl.title, [f"第1行 工作表是空的：第一行应为表头（{_sample_labels(decl)}），其后每行一条记录"]
        )
    best, best_hits = filled[0], 0
    for i in filled[:HEADER_SEARCH_ROWS]:
        hits = sum(1 for c in rows[i] if _label_key(c) in labels)
        if hits > best_hits:
            best, best_hits = i, hits
    if best_hits == 0:
        raise ImportFailed(
            decl.title, [f"第{best + 1}行 找不到表头：表头应为“{decl.title}”的列名（{_sample_labels(decl)}）"]
        )
    return best


def _sample_labels(decl: Declaration) -> str:
    return "、".join(f"【{f.label}】" for f in decl.fields[:4]) + "……"


def _map_columns(
    decl: Declaration, header: Iterable[Any], header_row: int
) -> tuple[dict[int, Field], list[str], list[str]]:
    """{column index: field} for the columns an import reads, with header warnings and problems."""
    by_key = {_label_key(f.label): f for f in decl.fields}
    ignored = {_label_key(x) for x in EXPORT_ONLY_LABELS}
    columns: dict[int, Field] = {}
    seen: dict[str, int] = {}
    warnings: list[str] = []
    problems: list[str] = []
    for i, text in enumerate(header):
        key = _label_key(text)
        if not key or key in ignored:
            continue
        f = by_key.get(key)
        if f is None:
            warnings.append(f"第{header_row}行 【{str(text).strip()}】 不是“{decl.title}”的列，已忽略")
            continue
        if key in seen:
            problems.append(
                f"第{header_row}行 【{f.label}】 表头重复（第{get_column_letter(seen[key] + 1)}列和"
                f"第{get_column_letter(i + 1)}列）"
            )
            continue
        seen[key] = i
        # Computed columns (承诺办结日期, 答复期限 …) are recomputed; only a given auto-number is kept.
        if f.secret or (f.computed and f.name != decl.number_field):
            continue
        columns[i] = f
    for f in decl.fields:
        if f.required and not f.computed and f.default is None and _label_key(f.label) not in seen:
            problems.append(f"第{header_row}行 【{f.label}】 缺少必填列")
    return columns, warnings, problems


# -- rows ---------------------------------------------------------------------------------------------------------


def _raw_row(
    decl: Declaration, columns: dict[int, Field], cells: list[Any]
) -> tuple[dict[str, Any], dict[str, tuple[Field, str]]]:
    """The row as {field name: cell value} for `Register.prepare`, and the cells that cannot be read."""
    raw: dict[str, Any] = {}
    unreadable: dict[str, tuple[Field, str]] = {}
    for i, f in columns.items():
        value = cells[i] if i < len(cells) else None
        if value is _UNCALCULATED:
            unreadable[f.name] = (f, NO_CACHED_VALUE)
        elif isinstance(value, str) and value.strip() in EXCEL_ERRORS:
            unreadable[f.name] = (f, f"单元格是错误值“{value.strip()}”，请修改公式或填写数值")
        elif blank(value) and f.default is not None:
            continue  # a blank cell takes the field's default, as a new form would show it
        else:
            raw[f.name] = _cell(f, value)
    return raw, unreadable


def _cell(f: Field, value: Any) -> Any:
    """A cell value as the register's parser expects it."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores every number as a float: 5.0 is the 5 the clerk typed
    if f.kind is Kind.REF and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a unit or item code typed as a number (1, 1001) is a code, never an internal id
    if f.kind in (Kind.DATE, Kind.DATETIME) and isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell that lost its date format reads as its serial number (42289 = 2015-10-12).
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            converted = from_excel(value)
            if isinstance(converted, datetime):
                return converted if f.kind is Kind.DATETIME else converted.date()
    return value


# -- uniqueness ---------------------------------------------------------------------------------------------------


def _unique_problems(register: Register, prepared: list[tuple[int, Prepared]]) -> list[str]:
    """Unique values (auto-numbers, unit codes …) repeated within the file or already in the database."""
    decl, model = register.decl, register.model
    problems: list[str] = []
    for f in decl.fields:
        if not f.unique:
            continue
        first: dict[Any, int] = {}
        for row_no, p in prepared:
            value = p.values.get(f.name)
            if blank(value):
                continue
            if value in first:
                problems.append(f"第{row_no}行 【{f.label}】 “{_shown(value)}”与第{first[value]}行重复")
            else:
                first[value] = row_no
        column = getattr(model, f.name)
        values = list(first)
        for start in range(0, len(values), DB_CHUNK):
            chunk = values[start : start + DB_CHUNK]
            for (existing,) in model.select(column).where(column.in_(chunk)).tuples():
                problems.append(f"第{first[existing]}行 【{f.label}】 “{_shown(existing)}”已存在，不能重复导入")
    for names, unique in decl.indexes:
        if unique:
            problems += _composite_problems(register, names, prepared)
    return problems


def _composite_problems(register: Register, names: tuple[str, ...], prepared: list[tuple[int, Prepared]]) -> list[str]:
    decl, model = register.decl, register.model
    labels = "、".join(decl.label(n) for n in names)
    problems: list[str] = []
    first: dict[tuple[Any, ...], int] = {}
    for row_no, p in prepared:
        key = tuple(p.values.get(n) for n in names)
        if any(blank(v) for v in key):
            continue
        if key in first:
            problems.append(f"第{row_no}行 【{decl.label(names[0])}】 {labels}与第{first[key]}行相同")
            continue
        first[key] = row_no
        condition = [getattr(model, n) == v for n, v in zip(names, key, strict=True)]
        if model.select().where(*condition).exists():
            problems.append(f"第{row_no}行 【{decl.label(names[0])}】 {labels}相同的记录已存在")
    return problems


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _row_of(problem: str) -> int:
    m = re.match(r"第(\d+)行", problem)
    return int(m[1]) if m else 0
