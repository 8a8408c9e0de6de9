"""Narrative model of the annual report: sections of text blocks with `{named figure}` placeholders."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from desktop.domain.errors import DomainError
from desktop.report.labels import FORMAT_2021, FORMATS, TABLE_MARKERS

# `{名称}` is a figure; `{{` and `}}` print a literal brace (as in str.format).
_PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
_TABLE_RE = re.compile(r"^\s*\[\[(表[二三四])\]\]\s*$")
_H1_RE = re.compile(r"^[一二三四五六七八九十]+、")
_H2_RE = re.compile(r"^（[一二三四五六七八九十]+）")
# `1.` / `1．` / `1、`, but not a decimal number such as `2.5万元` opening a paragraph.
_H3_RE = re.compile(r"^\d{1,2}[.．、](?!\d)")

HEADING1, HEADING2, HEADING3, PARAGRAPH, TABLE = "heading1", "heading2", "heading3", "paragraph", "table"


@dataclass(frozen=True)
class Block:
    """A classified text block: `head` is the heading part (up to its first `。`), `rest` any run-in text."""

    kind: str
    text: str
    head: str = ""
    rest: str = ""
    table: str | None = None  # 'table2' | 'table3' | 'table4' for a table marker


def classify(text: str) -> Block:
    """Tell what a block is from its first characters: `一、`, `（一）`, `1.`/`1、`, `[[表二]]`, or a paragraph."""
    m = _TABLE_RE.match(text)
    if m:
        return Block(TABLE, text, table=TABLE_MARKERS[m.group(1)])
    stripped = text.strip()
    for kind, rx in ((HEADING1, _H1_RE), (HEADING2, _H2_RE), (HEADING3, _H3_RE)):
        if rx.match(stripped):
            # A heading may run into its paragraph: `（一）主动公开。本年度……` keeps the text after `。` plain.
            cut = stripped.find("。")
            if 0 <= cut < len(stripped) - 1:
                return Block(kind, stripped, head=stripped[: cut + 1], rest=stripped[cut + 1 :])
            return Block(kind, stripped, head=stripped)
    return Block(PARAGRAPH, stripped, rest=stripped)


@dataclass
class Section:
    """A numbered section: its heading (`一、总体情况`) and its blocks, one paragraph or table marker each."""

    heading: str
    blocks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The blocks as one text, one block a line (what the editor shows)."""
        return "\n".join(self.blocks)

    @classmethod
    def from_text(cls, heading: str, text: str) -> Section:
        """A section from editor text: every non-empty line is a block."""
        return cls(heading, [line.strip() for line in text.splitlines() if line.strip()])

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "blocks": list(self.blocks)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Section:
        return cls(str(data.get("heading", "")), [str(b) for b in data.get("blocks", [])])


@dataclass
class Narrative:
    """Everything the user writes in a report; stored as JSON by the caller."""

    fmt: str = FORMAT_2021
    title: str = ""
    body_name: str = ""  # 报告机关全称, the `{机关名称}` placeholder
    short_name: str = ""  # 简称, the `{机关简称}` placeholder
    preface: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    VERSION = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.VERSION,
            "fmt": self.fmt,
            "title": self.title,
            "body_name": self.body_name,
            "short_name": self.short_name,
            "preface": list(self.preface),
            "sections": [s.to_dict() for s in self.sections],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Narrative:
        fmt = str(data.get("fmt", FORMAT_2021))
        if fmt not in FORMATS:
            raise DomainError(f"未知的报告格式：{fmt}（应为{'或'.join(FORMATS)}）")
        return cls(
            fmt=fmt,
            title=str(data.get("title", "")),
            body_name=str(data.get("body_name", "")),
            short_name=str(data.get("short_name", "")),
            preface=[str(b) for b in data.get("preface", [])],
            sections=[Section.from_dict(s) for s in data.get("sections", [])],
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Narrative:
        return cls.from_dict(json.loads(text))

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every text that may hold placeholders, with a Chinese description of where it is."""
        yield "标题", self.title
        for i, block in enumerate(self.preface, 1):
            yield f"前言第{i}段", block
        for section in self.sections:
            yield f"“{section.heading}”标题", section.heading
            for i, block in enumerate(section.blocks, 1):
                yield f"“{section.heading}”第{i}段", block


class UnknownPlaceholderError(DomainError):
    """A `{名称}` that names no figure; `suggestions` are the closest valid names."""

    def __init__(self, name: str, suggestions: list[str], where: str = ""):
        self.name = name
        self.suggestions = suggestions
        self.where = where
        super().__init__(unknown_message(name, suggestions, where))


def unknown_message(name: str, suggestions: list[str], where: str = "") -> str:
    """`未知的数字名称{窗口办件量}（标题），是否是：{窗口办件数}、…？`"""
    place = f"（{where}）" if where else ""
    hint = "，是否是：" + "、".join("{" + s + "}" for s in suggestions) + "？" if suggestions else "。"
    return f"未知的数字名称{{{name}}}{place}{hint}"


# `{窗口办件数|约千}` prints a figure rounded the way a report says 约13000件 or 5000余人次:
# 约 rounds to the nearest ten/hundred/thousand, 余 rounds down (so that "5000余" stays true).
ROUNDINGS = {
    "约十": (10, ROUND_HALF_UP),
    "约百": (100, ROUND_HALF_UP),
    "约千": (1000, ROUND_HALF_UP),
    "余十": (10, ROUND_FLOOR),
    "余百": (100, ROUND_FLOOR),
    "余千": (1000, ROUND_FLOOR),
    "整数": (1, ROUND_HALF_UP),
}


def split_token(token: str) -> tuple[str, str]:
    """`窗口办件数|约千` -> (`窗口办件数`, `约千`); a plain name has no rounding."""
    name, _, rounding = token.partition("|")
    return name.strip(), rounding.strip()


def rounded(value: object, rounding: str) -> object:
    if not rounding or not isinstance(value, (int, float, Decimal)) or isinstance(value, bool):
        return value
    step, mode = ROUNDINGS[rounding]
    whole = (Decimal(str(value)) / step).quantize(Decimal(1), rounding=mode) * step
    return int(whole)


def placeholders(text: str) -> list[str]:
    """The figure names used in `text`, each once, in order of appearance (without their rounding)."""
    seen: dict[str, None] = {}
    for m in _PLACEHOLDER_RE.finditer(text):
        if m.group(1) is not None:
            seen.setdefault(split_token(m.group(1))[0], None)
    return list(seen)


def bad_roundings(text: str) -> list[str]:
    """Rounding words after `|` that are not known (reported like unknown names)."""
    return [
        r
        for m in _PLACEHOLDER_RE.finditer(text)
        if m.group(1) is not None
        for r in [split_token(m.group(1))[1]]
        if r and r not in ROUNDINGS
    ]


def closest_names(name: str, valid: Iterable[str], n: int = 3) -> list[str]:
    """Valid names that look most like `name` (difflib over characters, good enough for Chinese names)."""
    valid = list(valid)
    found = difflib.get_close_matches(name, valid, n=n, cutoff=0.4)
    if not found:
        # Names sharing no run of characters score low; fall back to ones sharing any character.
        shared = sorted((v for v in valid if set(v) & set(name)), key=lambda v: -len(set(v) & set(name)))
        found = shared[:n]
    return found


def format_figure(value: object) -> str:
    """How a figure prints in running text: integers plainly, decimals with trailing zeros trimmed."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    if isinstance(value, float):
        return format_figure(Decimal(repr(value)))
    return str(value)


def substitute(text: str, values: Mapping[str, object], *, strict: bool = True, where: str = "") -> str:
    """Replace every `{名称}` by its figure; an unknown name raises (strict) or is left as typed."""

    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name, rounding = split_token(m.group(1))
        value = values.get(name)
        if not is_text_value(value) or (rounding and rounding not in ROUNDINGS):
            if strict:
                shown = f"{name}|{rounding}" if rounding else name
                suggestions = list(ROUNDINGS) if is_text_value(value) else closest_names(name, _names(values))
                raise UnknownPlaceholderError(shown, suggestions, where)
            return token
        return format_figure(rounded(value, rounding))

    return _PLACEHOLDER_RE.sub(repl, text)


def unknown_placeholders(narrative: Narrative, values: Mapping[str, object]) -> list[UnknownPlaceholderError]:
    """One error per unknown name per text, with the closest valid names."""
    valid = _names(values)
    found = []
    for where, text in narrative.texts():
        for name in placeholders(text):
            if not is_text_value(values.get(name)):
                found.append(UnknownPlaceholderError(name, closest_names(name, valid), where))
        for rounding in bad_roundings(text):
            found.append(UnknownPlaceholderError(f"…|{rounding}", list(ROUNDINGS), where))
    return found


def is_text_value(value: object) -> bool:
    """Figures that print in running text: numbers and strings, not the tables or lists of record numbers."""
    return isinstance(value, (int, float, Decimal, str))


def _names(values: Mapping[str, object]) -> list[str]:
    return [k for k, v in values.items() if isinstance(k, str) and is_text_value(v)]
