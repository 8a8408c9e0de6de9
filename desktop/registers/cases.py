"""Registers of cases worked against a working-day deadline (window cases, hotline tickets, disclosure requests).

Each one defines here, once, its deadline, when its clock is running, when it is overdue and when it is due
soon: on a record's values (a form, an export row, a letter) and as SQL conditions on its model (lists, counts,
statistics). The two forms are tested to agree on a table of cases (tests/unit/test_overdue.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import peewee as pw

from desktop.db.declare import Kind
from desktop.domain.deadlines import Deadline
from desktop.domain.workdays import CalendarMissing, WorkCalendar, as_date
from desktop.registers.base import Register
from desktop.registers.calendar import current_calendar

if TYPE_CHECKING:
    from desktop.registers.workflow import Step

SOON_DAYS = 3  # spec: requests due within 3 working days are listed on the home page
# Without a calendar the 3-working-day bound cannot be counted; what falls due within this many calendar days
# counts instead (longer than any 3 working days across a Golden Week), so nothing urgent is hidden.
SOON_FALLBACK_DAYS = 14


def soon_bound(today: date, cal: WorkCalendar | None = None) -> date:
    """The first day that is no longer "due soon": due within 3 working days <=> due before the 4th working day
    after today (an exact bound for SQL)."""
    try:
        return (cal or current_calendar()).add_workdays(today, SOON_DAYS + 1)
    except CalendarMissing:
        return today + timedelta(days=SOON_FALLBACK_DAYS + 1)


class CaseRegister(Register):
    """A register whose records run against a computed due date and move through workflow steps.

    A subclass declares its due-date field and how it is computed (`deadline`), the statuses in which the case
    is worked on, the concluded status with the field that dates it, its steps, and (if any) the register's own
    reason for the clock to stand still (`clock_stopped` with its SQL twin `clock_stopped_sql`).
    """

    #: The computed due date (承诺办结日期, 办理时限, 答复期限).
    deadline_field: str = ""
    #: Statuses in which the case is being worked on, so that its due date can still be missed.
    open_statuses: tuple[str, ...] = ()
    #: The concluded status, and the field holding when it was concluded: a case concluded after its due date
    #: was late. Other end states (不予受理, 退件) are never overdue.
    done_status: str = ""
    done_field: str = ""
    #: The workflow steps (the buttons of the register page), in order.
    steps: tuple[Step, ...] = ()

    # -- the deadline ------------------------------------------------------------------------------------------

    def deadline(self, values: Mapping[str, Any]) -> Deadline | None:
        """The due date with its explanation (days counted, holidays, pauses, extension), or None before the
        clock starts. Raises DomainError (or CalendarMissing) when it cannot be computed."""
        raise NotImplementedError

    # -- on a record's values ----------------------------------------------------------------------------------

    def clock_stopped(self, values: Mapping[str, Any]) -> bool:
        """The register's own reason for the clock to stand still while the stored due date stays (none here).
        A pause that moves the due date is not one: it leaves the due date empty while it lasts."""
        return False

    def clock_running(self, values: Mapping[str, Any]) -> bool:
        """Open, with a due date, and not stopped: the case can be late."""
        return (
            values.get("status") in self.open_statuses
            and values.get(self.deadline_field) is not None
            and not self.clock_stopped(values)
        )

    def is_overdue(self, values: Mapping[str, Any], today: date) -> bool:
        """Past its due date: concluded after it, or still running after it (today)."""
        due = values.get(self.deadline_field)
        if due is None:
            return False
        if values.get("status") == self.done_status:
            done = values.get(self.done_field)
            return done is not None and as_date(done) > due and not self.clock_stopped(values)
        return self.clock_running(values) and as_date(today) > due

    def is_due_soon(self, values: Mapping[str, Any], today: date, cal: WorkCalendar | None = None) -> bool:
        """Running and due today or within the next 3 working days."""
        if not self.clock_running(values):
            return False
        return as_date(today) <= values[self.deadline_field] < soon_bound(as_date(today), cal)

    # -- the same as SQL conditions ----------------------------------------------------------------------------

    def clock_stopped_sql(self) -> pw.Expression | None:
        """`clock_stopped` as a condition (None: never stopped). Built from IS [NOT] NULL and equality tests
        on non-null columns so that its negation is exact (no SQL NULL logic)."""
        return None

    def _due(self) -> pw.Field:
        return getattr(self.model, self.deadline_field)

    def running_sql(self) -> pw.Expression:
        """`clock_running`: status IN (...) first, so that the (status, due date) index serves lists and counts."""
        model = self.model
        condition = model.status.in_(self.open_statuses) & self._due().is_null(False)
        stopped = self.clock_stopped_sql()
        return condition if stopped is None else condition & ~stopped

    def open_overdue_sql(self, today: date) -> pw.Expression:
        """Still running and past its due date: the home page's and the report check's overdue list."""
        return self.running_sql() & (self._due() < today)

    def concluded_late_sql(self) -> pw.Expression:
        """Concluded after its due date."""
        model = self.model
        done = getattr(model, self.done_field)
        if self.decl.field(self.done_field).kind is Kind.DATETIME:
            done = pw.fn.DATE(done)  # the day it was concluded (SQLite date(); PostgreSQL's date(timestamp) cast)
        condition = (model.status == self.done_status) & self._due().is_null(False) & (done > self._due())
        stopped = self.clock_stopped_sql()
        return condition if stopped is None else condition & ~stopped

    def overdue_sql(self, today: date) -> pw.Expression:
        """`is_overdue`: concluded late, or running past its due date."""
        return self.open_overdue_sql(today) | self.concluded_late_sql()

    def due_soon_sql(self, today: date, cal: WorkCalendar | None = None) -> pw.Expression:
        """`is_due_soon`."""
        due = self._due()
        return self.running_sql() & (due >= today) & (due < soon_bound(today, cal))
