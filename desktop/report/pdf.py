"""The annual report as a PDF laid out after GB/T 9704-2012 (A4, 3号 仿宋 on a 22 × 28 grid, `— 1 —`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Spacer

from desktop import APP_NAME
from desktop.domain.anchors import Anchor
from desktop.report import tables
from desktop.report.fonts import FontSet, get_fonts
from desktop.report.labels import FORMAT_2021, FORMATS, SECTION_TITLES, TABLE_MARKERS
from desktop.report.narrative import HEADING1, HEADING2, TABLE, Narrative, classify, substitute
from desktop.report.templates import text_values
from desktop.report.textflow import GridParagraph

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_LEFT = 37 * mm, 28 * mm
BLOCK_W, BLOCK_H = 156 * mm, 225 * mm
MARGIN_BOTTOM = PAGE_H - MARGIN_TOP - BLOCK_H  # 35 mm
MARGIN_RIGHT = PAGE_W - MARGIN_LEFT - BLOCK_W  # 26 mm

CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
SIZE_2, SIZE_3, SIZE_4 = 22.0, 16.0, 14.0  # 2号 title, 3号 body, 4号 page number
PITCH = BLOCK_W / CHARS_PER_LINE  # 15.76 pt: a 16 pt glyph on the 28-per-line grid
LEADING = BLOCK_H / LINES_PER_PAGE  # 28.99 pt
TITLE_LEADING = 1.5 * SIZE_2
PAGE_NUMBER_GAP = 7 * mm  # the dashes of the page number sit 7 mm below the text block

#: Where a 定稿 snapshot keeps the audit chain head at 定稿 ({"id", "hash"}); printed small under every page number.
ANCHOR_KEY = "审计链头"
ANCHOR_SIZE = 8.0

_TABLES = {"table2": tables.table2, "table3": tables.table3, "table4": tables.table4}
_TABLE_SECTION = {"table2": 1, "table3": 2, "table4": 3}  # where the 2021 format prints each table
_MARKERS = {table: marker for marker, table in TABLE_MARKERS.items()}


def build(
    figures: Mapping[str, Any],
    narrative: Narrative,
    target: str | Path | IO[bytes],
    fmt: str | None = None,
    title: str | None = None,
    invariant: bool = False,
    *,
    body_name: str | None = None,
    short_name: str | None = None,
    fonts: FontSet | None = None,
) -> int:
    """Write the report to `target` (a path or a binary file) and return the number of pages.

    Pure: reads only its arguments and the font files. Unknown placeholders print as typed; run
    `checks.check_report` first, which reports them (and every other hard error) before 定稿.
    """
    fmt = fmt or narrative.fmt
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    fonts = fonts or get_fonts()
    body = narrative.body_name if body_name is None else body_name
    short = narrative.short_name if short_name is None else short_name
    values = text_values(figures, body, short)
    title_text = _break_title(
        substitute(narrative.title if title is None else title, values, strict=False), body, fonts
    )
    story = _story(figures, narrative, fmt, title_text, values, fonts)

    doc = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title_text.replace("\n", ""),
        author=body,
        subject=f"政府信息公开工作年度报告（{fmt}）",
        creator=APP_NAME,
        invariant=1 if invariant else 0,
        initialFontName=fonts.name("body"),  # else the canvas opens with a non-embedded Helvetica
        initialFontSize=SIZE_3,
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BLOCK_W, BLOCK_H, 0, 0, 0, 0, id="body")
    anchor = figures.get(ANCHOR_KEY)
    line = Anchor(anchor["id"], anchor["hash"]).printed() if isinstance(anchor, Mapping) else None
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_page_number(fonts, line))])
    doc.build(story)
    return doc.page


def _story(
    figures: Mapping[str, Any],
    narrative: Narrative,
    fmt: str,
    title: str,
    values: Mapping[str, object],
    fonts: FontSet,
) -> list[Flowable]:
    story: list[Flowable] = []
    if title:
        story.append(
            GridParagraph([(title, fonts.name("title"))], SIZE_2, TITLE_LEADING, align="center", resolve=fonts.resolve)
        )
        story.append(Spacer(BLOCK_W, LEADING))
    for block in narrative.preface:
        story += _block(block, figures, values, fonts)
    sections = list(narrative.sections)
    if fmt == FORMAT_2021:
        # The six headings are fixed text; the narrative supplies only what follows them.
        sections += [None] * (len(SECTION_TITLES) - len(sections))
        headings = SECTION_TITLES + [s.heading for s in sections[len(SECTION_TITLES) :] if s]
    else:
        headings = [s.heading for s in sections if s]
    used = {classify(b).table for s in sections if s for b in s.blocks} - {None}
    for i, heading in enumerate(headings):
        section = sections[i]
        story.append(_para([(heading, fonts.name("heading1"))], fonts, keep=True))
        blocks = list(section.blocks) if section else []
        if fmt == FORMAT_2021:
            missing = [t for t, at in _TABLE_SECTION.items() if at == i and t not in used]
            blocks = [f"[[{_MARKERS[t]}]]" for t in missing] + blocks
        for block in blocks:
            story += _block(block, figures, values, fonts)
    return _keep_headings(story)


def _keep_headings(story: list[Flowable]) -> list[Flowable]:
    """Keep each heading with the start of what follows, as Word's 与下段同页 does.

    reportlab's own keepWithNext moves the heading *and the whole next flowable* to a new page, which leaves
    half-empty pages before long paragraphs; a conditional page break sized to the heading plus two lines
    (or the first rows of a table) keeps the heading from ending a page without that.
    """
    out: list[Flowable] = []
    i = 0
    while i < len(story):
        if not getattr(story[i], "keepWithNext", False):
            out.append(story[i])
            i += 1
            continue
        j, need = i, 0.0
        while j < len(story) and getattr(story[j], "keepWithNext", False):
            story[j].keepWithNext = False
            need += story[j].wrap(BLOCK_W, BLOCK_H)[1]
            j += 1
        if j < len(story):
            nxt = story[j]
            height = nxt.wrap(BLOCK_W, BLOCK_H)[1]
            if isinstance(nxt, GridParagraph):
                need += min(height, 2 * LEADING)
            else:  # a table: its first rows (a whole block of table 二, the header and two rows of table 三)
                rows = getattr(nxt, "_rowHeights", None) or [height]
                need += nxt.spaceBefore + min(height, sum(rows[:5]))
        out.append(CondPageBreak(need))
        out.extend(story[i:j])
        i = j
    return out


def _break_title(title: str, body: str, fonts: FontSet) -> str:
    """Break a title too long for one line after the body's name rather than mid-word (GB/T 9704 7.3.3)."""
    if not title or "\n" in title:
        return title
    probe = GridParagraph([(title, fonts.name("title"))], SIZE_2, TITLE_LEADING, resolve=fonts.resolve)
    probe.wrap(BLOCK_W, BLOCK_H)
    if probe.height <= TITLE_LEADING or not body or not title.startswith(body) or title == body:
        return title
    return body + "\n" + title[len(body) :]


def _para(runs: list[tuple[str, str]], fonts: FontSet, keep: bool = False) -> GridParagraph:
    return GridParagraph(
        [(t, f) for t, f in runs if t],
        SIZE_3,
        LEADING,
        first_indent=2 * PITCH,
        pitch=PITCH,
        resolve=fonts.resolve,
        keep_with_next=keep,
    )


def _block(text: str, figures: Mapping[str, Any], values: Mapping[str, object], fonts: FontSet) -> list[Flowable]:
    block = classify(text)
    if block.kind == TABLE:
        make = _TABLES[block.table]
        table = make(figures.get(block.table), fonts, BLOCK_W)
        table.spaceBefore = LEADING / 4
        table.spaceAfter = LEADING / 2
        return [table]
    head = substitute(block.head, values, strict=False)
    rest = substitute(block.rest, values, strict=False)
    body = fonts.name("body")
    head_font = {HEADING1: fonts.name("heading1"), HEADING2: fonts.name("heading2")}.get(block.kind, body)
    # A heading on a line of its own keeps with the paragraph after it.
    return [_para([(head, head_font), (rest, body)], fonts, keep=bool(head) and not rest)]


def _page_number(fonts: FontSet, anchor: str | None = None):
    font = fonts.name("page_number")
    small = fonts.name("body")

    def draw(canv, doc) -> None:
        number = canv.getPageNumber()
        text = f"— {number} —"
        # The em dash sits about 0.35 em above the baseline; put the dashes 7 mm under the text block.
        baseline = MARGIN_BOTTOM - PAGE_NUMBER_GAP - 0.35 * SIZE_4
        canv.saveState()
        canv.setFont(font, SIZE_4)
        if number % 2:  # odd pages: right, one character in from the edge of the text block
            canv.drawRightString(MARGIN_LEFT + BLOCK_W - SIZE_4, baseline, text)
        else:  # even pages: left, one character in
            canv.drawString(MARGIN_LEFT + SIZE_4, baseline, text)
        if anchor:  # a 定稿 report: the chain head it anchors, in small print at the foot of the page
            canv.setFont(small, ANCHOR_SIZE)
            canv.setFillGray(0.35)
            canv.drawCentredString(MARGIN_LEFT + BLOCK_W / 2, MARGIN_BOTTOM - PAGE_NUMBER_GAP - 2.2 * SIZE_4, anchor)
        canv.restoreState()

    return draw
