"""A Chinese paragraph flowable: grid pitch, justified lines, line-start/-end punctuation rules, per-glyph fallback."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.flowables import Flowable

# Characters that may not begin a line (they stick to the character before) or end one (they stick to the next).
NO_START = set("，。、；：？！）》」』】〕〉”’…—·％‰%,.;:?!)]}" + "｝］｠｣ー々〆")
NO_END = set("（《「『【〔〈“‘([{" + "｛［｟｢")


def _is_word_char(ch: str) -> bool:
    # Latin letters, digits and their joiners form one unbreakable word, so `0736-7312025` never splits.
    return ch.isascii() and not ch.isspace() and ch not in "([{)]},;:?!\"'"


@dataclass(frozen=True)
class Glyph:
    ch: str
    font: str
    width: float  # natural advance at the paragraph's size


Resolver = Callable[[str, str], str]  # (char, wanted font) -> font that has the char


class GridParagraph(Flowable):
    """One paragraph of runs `[(text, font), …]` at one size.

    `pitch` (full-width character advance) puts ideographs on the GB/T 9704 grid of 28 per line; it is applied as
    PDF character spacing so the text stays extractable. Lines other than the last are justified when
    `align == 'justify'`. A `\\n` in a run forces a line break.
    """

    def __init__(
        self,
        runs: Sequence[tuple[str, str]],
        size: float,
        leading: float,
        *,
        first_indent: float = 0.0,
        align: str = "justify",
        pitch: float | None = None,
        resolve: Resolver | None = None,
        keep_with_next: bool = False,
        space_before: float = 0.0,
        space_after: float = 0.0,
    ):
        super().__init__()
        self.size = size
        self.leading = leading
        self.first_indent = first_indent
        self.align = align
        # Extra space after every glyph so that a full-width glyph advances exactly `pitch`.
        self.base_tc = (pitch - size) if pitch else 0.0
        self.keepWithNext = keep_with_next
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.glyphs = _glyphs(runs, size, resolve)
        self._lines: list[tuple[list[Glyph], bool]] | None = None
        self._laid_width: float | None = None
        self.width = 0.0
        self.height = 0.0

    # ---- layout -------------------------------------------------------------------------------------------
    def _layout(self, width: float) -> list[tuple[list[Glyph], bool]]:
        if self._lines is not None and self._laid_width == width:
            return self._lines
        tc = self.base_tc
        lines: list[tuple[list[Glyph], bool]] = []  # (glyphs, ends paragraph or forced break)
        cur: list[Glyph] = []
        used = 0.0
        avail = width - self.first_indent
        for cluster in _clusters(self.glyphs):
            if cluster is None:  # forced break
                lines.append((cur, True))
                cur, used, avail = [], 0.0, width
                continue
            if not cur and cluster[0].ch == " ":
                continue
            # Every glyph, the last included, takes its grid cell (advance + tc), as in Word's 文档网格.
            cw = sum(g.width + tc for g in cluster)
            if cur and used + cw > avail + 0.01:
                lines.append((cur, False))
                cur, used, avail = [], 0.0, width
                if cluster[0].ch == " ":
                    continue
            if not cur and cw > avail + 0.01:
                # A word longer than a whole line (a URL): break it anywhere.
                for g in cluster:
                    if cur and used + g.width + tc > avail + 0.01:
                        lines.append((cur, False))
                        cur, used, avail = [], 0.0, width
                    cur.append(g)
                    used += g.width + tc
                continue
            cur.extend(cluster)
            used += cw
        if cur or not lines:
            lines.append((cur, True))
        self._lines, self._laid_width = lines, width
        return lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int((availHeight + 0.01) // self.leading)
        if fit >= len(lines):
            return [self]
        # Keep at least two lines together at either side of a page break (Word's 孤行控制).
        if fit == 1 and len(lines) > 1:
            fit = 0
        if len(lines) - fit == 1 and fit >= 2:
            fit -= 1
        if fit <= 0:
            return []
        return [self._part(lines[:fit], self.first_indent, availWidth), self._part(lines[fit:], 0.0, availWidth)]

    def _part(self, lines: list[tuple[list[Glyph], bool]], indent: float, width: float) -> GridParagraph:
        part = GridParagraph([], self.size, self.leading, first_indent=indent, align=self.align)
        part.base_tc = self.base_tc
        part._lines, part._laid_width = lines, width
        part.spaceBefore = self.spaceBefore if indent else 0.0
        part.spaceAfter = self.spaceAfter
        return part

    # ---- drawing ------------------------------------------------------------------------------------------
    def draw(self) -> None:
        lines = self._layout(self.width)
        canv = self.canv
        # Centre the ideographic em box (0.88 above, 0.12 below the baseline in most CJK fonts) in the line.
        baseline = self.height - self.leading / 2 - 0.38 * self.size
        for i, (glyphs, last) in enumerate(lines):
            indent = self.first_indent if i == 0 else 0.0
            avail = self.width - indent
            natural = sum(g.width for g in glyphs)
            n = len(glyphs)
            tc = self.base_tc
            if self.align == "justify" and not last and n > 1:
                tc = (avail - natural) / (n - 1)
            used = natural + tc * (n - 1) if n else 0.0
            x = indent
            if self.align == "center":
                x = indent + (avail - used) / 2
            elif self.align == "right":
                x = indent + avail - used
            if glyphs:
                tx = canv.beginText(x, baseline)
                tx.setCharSpace(tc)
                for font, text in _font_runs(glyphs):
                    tx.setFont(font, self.size)
                    tx.textOut(text)
                canv.drawText(tx)
            baseline -= self.leading

    @property
    def text(self) -> str:
        """The plain text (for tests and debugging)."""
        if self._lines is not None:
            return "".join(g.ch for line, _ in self._lines for g in line)
        return "".join(g.ch for g in self.glyphs)


def _glyphs(runs: Sequence[tuple[str, str]], size: float, resolve: Resolver | None) -> list[Glyph]:
    out = []
    for text, font in runs:
        for ch in text:
            if ch == "\n":
                out.append(Glyph(ch, font, 0.0))
                continue
            f = resolve(ch, font) if resolve else font
            out.append(Glyph(ch, f, stringWidth(ch, f, size)))
    return out


def _clusters(glyphs: list[Glyph]) -> list[list[Glyph] | None]:
    """Units that never break: a word of Latin/digits or one ideograph, with its sticky punctuation."""
    out: list[list[Glyph] | None] = []
    opening: list[Glyph] = []
    i, n = 0, len(glyphs)
    while i < n:
        g = glyphs[i]
        if g.ch == "\n":
            if opening:
                out.append(opening)
                opening = []
            out.append(None)
            i += 1
            continue
        if _is_word_char(g.ch) and g.ch not in NO_START:
            j = i + 1
            while j < n and _is_word_char(glyphs[j].ch):
                j += 1
            unit = glyphs[i:j]
            i = j
        else:
            unit = [g]
            i += 1
            while i < n and g.ch in "—…" and glyphs[i].ch == g.ch:  # ―― and …… stay whole
                unit.append(glyphs[i])
                i += 1
        if len(unit) == 1 and unit[0].ch in NO_END:
            opening.extend(unit)
            continue
        unit = opening + unit
        opening = []
        while i < n and glyphs[i].ch in NO_START:
            unit.append(glyphs[i])
            i += 1
        out.append(unit)
    if opening:
        out.append(opening)
    return out


def _font_runs(glyphs: list[Glyph]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for g in glyphs:
        if runs and runs[-1][0] == g.font:
            runs[-1] = (g.font, runs[-1][1] + g.ch)
        else:
            runs.append((g.font, g.ch))
    return runs
