"""One year's annual report while someone works on it, without Qt: the stored report and its figures, what is
typed but not yet saved, the checks of what is typed, and save / 定稿 / reopen with their permissions. The 年度报告
page is a view of a session; the permission and audit rules themselves stay in `report.store`."""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from desktop.domain.errors import DomainError
from desktop.registers import Actor
from desktop.report import store
from desktop.report.checks import ERROR, Check
from desktop.report.labels import FORMAT_2021
from desktop.report.narrative import Narrative, substitute
from desktop.report.templates import SUPPLEMENTARY, text_values


def _every_supplement(values: dict[str, str]) -> dict[str, str]:
    # Every supplementary figure, "" when not filled in: an empty field and a missing one are the same to a clerk.
    return {name: str(values.get(name) or "").strip() for name in SUPPLEMENTARY}


class FreezeRefused(DomainError):
    """定稿 asked for while checks still find errors: the errors, for the message and its details."""

    def __init__(self, errors: list[str]):
        super().__init__(f"报告有 {len(errors)} 个错误，不能定稿。请先改正检查结果中红色的错误。")
        self.errors = errors


class PrintInput(NamedTuple):
    """What the PDF builder needs, as plain data (it may go to a worker thread)."""

    figures: dict[str, Any]
    narrative: Narrative
    fmt: str


class ReportSession:
    """The report of (`year`, `fmt`) as `actor` sees and edits it.

    The page tells the session what is typed (`edit`) on every change; everything else — whether there are unsaved
    edits, the figures with the supplementary values as typed, the checks, saving, 定稿 and reopening — is asked of
    the session, so that a test can drive the whole page's logic without a widget."""

    def __init__(self, actor: Actor, year: int, fmt: str = FORMAT_2021):
        self.actor = actor
        self.can_edit = store.may_edit(actor)
        self.can_reopen = store.may_reopen(actor)
        self.checks: list[Check] = []
        self.load(year, fmt)

    # -- the stored report ---------------------------------------------------------------------------------

    def load(self, year: int | None = None, fmt: str | None = None) -> None:
        """Read the stored report (or the default text of a new one); what was typed and not saved is dropped."""
        self.year = self.year if year is None else year
        self.fmt = store.fmt_of(self.fmt if fmt is None else fmt)
        self.report = store.load(self.year, self.fmt)
        self.figures: dict[str, Any] = store.figures_for(self.report)
        self.narrative = self.report.narrative
        self.supplements = _every_supplement(self.report.supplements)
        self._saved = self._state()
        self.checks = []

    @property
    def final(self) -> bool:
        return self.report.final

    @property
    def editable(self) -> bool:
        """Whether the text and the supplementary figures may be changed: a 定稿 report is read by everyone."""
        return self.can_edit and not self.report.final

    @property
    def follows_registers(self) -> bool:
        """A draft's figures are computed from the registers; a 定稿 report keeps its snapshot."""
        return not self.report.final

    def refresh_figures(self) -> None:
        """Recompute a draft's figures (a register was edited)."""
        self.figures = store.figures_for(self.report)

    # -- what is typed -------------------------------------------------------------------------------------

    def edit(self, narrative: Narrative, supplements: dict[str, str]) -> None:
        """What the page shows now; kept until saved or dropped by `load`. `supplements` maps the names of
        SUPPLEMENTARY to the text typed ("" or missing: not filled in)."""
        self.narrative = narrative
        self.supplements = _every_supplement(supplements)

    def _state(self) -> tuple[str, dict[str, str]]:
        return self.narrative.to_json(), dict(self.supplements)

    def is_dirty(self) -> bool:
        return self.editable and self._state() != self._saved

    def current_figures(self) -> dict[str, Any]:
        """The figures with the supplementary values as typed (a draft's checks see them before saving)."""
        figures = dict(self.figures)
        if not self.report.final:
            for name, text in self.supplements.items():
                figures.pop(name, None)
                if text:
                    try:
                        figures[name] = int(text) if text.isdigit() else Decimal(text)
                    except InvalidOperation:
                        pass  # not a number: left out, so the checks report the figure as missing
        return figures

    def text_values(self) -> dict[str, object]:
        """Every name the text may use, with its value: the figures, derived sentences, the body's names."""
        return text_values(self.current_figures(), self.narrative.body_name, self.narrative.short_name)

    def printed_title(self) -> str:
        return substitute(self.narrative.title, self.text_values(), strict=False)

    def run_checks(self) -> list[Check]:
        """The checks of what is typed (unsaved text and supplementary figures included)."""
        report = copy.copy(self.report)
        report.narrative = self.narrative
        self.checks = store.run_checks(report, self.current_figures())
        return self.checks

    def errors(self) -> list[str]:
        """The messages of the checks last run that stop 定稿."""
        return [c.message for c in self.checks if c.level == ERROR]

    def preview_input(self) -> PrintInput:
        """The report as on screen, for the preview (a copy: the worker must not see later edits)."""
        return PrintInput(copy.deepcopy(self.current_figures()), self.narrative, self.fmt)

    def stored_input(self) -> PrintInput:
        """The report as stored, for the PDF export (`zwgk report` prints the same)."""
        report = store.load(self.year, self.fmt)
        return PrintInput(store.figures_for(report), report.narrative, report.fmt)

    # -- actions -------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the text and the changed supplementary figures (each audited by `store`); True when what is typed
        is stored, False when there is nothing this actor may save. Raises DomainError (NotAllowed included) with
        nothing of the text written when the store refuses."""
        if not self.editable:
            return False
        if not self.is_dirty():
            return True
        narrative, supplements = self.narrative, dict(self.supplements)
        saved = self._saved[1]
        for name, value in supplements.items():
            if value != saved.get(name, ""):
                store.set_supplement(self.year, name, value or None, self.actor)
        version = store.save_draft(self.year, self.fmt, narrative, self.actor, self.report.version)
        self.report.version, self.report.narrative = version, narrative
        self.report.supplements = supplements
        self._saved = self._state()
        self.figures = store.figures_for(self.report)
        return True

    def freeze(self) -> None:
        """定稿: what is typed is saved first; refused (FreezeRefused) while any check is an error, and by `store`
        for anyone but the 公开办 and administrators. Afterwards the session shows the frozen report."""
        if self.report.final:
            raise DomainError(f"{self.year}年度报告（{self.fmt}）已经定稿")
        if not self.can_edit:
            store.freeze(self.year, self.fmt, self.actor)  # raises NotAllowed: the rule lives in the store
        self.save()
        self.run_checks()
        errors = self.errors()
        if errors:
            raise FreezeRefused(errors)
        store.freeze(self.year, self.fmt, self.actor)
        self.load()

    def reopen(self, reason: str) -> None:
        """Back to 草稿 with a reason: administrators only, audited (both enforced by `store`)."""
        if not self.report.final:
            raise DomainError(f"{self.year}年度报告（{self.fmt}）尚未定稿")
        store.reopen(self.year, self.fmt, self.actor, reason)
        self.load()


__all__ = ["FreezeRefused", "PrintInput", "ReportSession"]
