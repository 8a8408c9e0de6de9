"""Legal deadlines in working days (window cases, hotline tickets, disclosure requests) and their explanation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from desktop.domain.errors import DomainError
from desktop.domain.workdays import CalendarDay, WorkCalendar, as_date, format_date

DISCLOSURE_LIMIT_DAYS = 20  # 条例 Art. 33: reply within 20 working days of receipt
DISCLOSURE_MAX_EXTENSION = 20  # 条例 Art. 33: extension of at most 20 more working days

# A paused span as given by a register: (start, end) or (start, end, label); end None = still paused.
PauseSpan = tuple[date, date | None] | tuple[date, date | None, str]


class Pause(NamedTuple):
    """A span during which the clock stood still: it stops the day after `start` and resumes the day after `end`.

    `days` is the number of working days added (`None` while the pause is still open). `note` says why a
    span added fewer days than its length (it began before the clock started, overlapped another span,
    or began after the deadline had already passed).
    """

    start: date
    end: date | None
    days: int | None
    label: str
    note: str = ""
    counted_after: date | None = None  # the clock stopped the day after this (start, clipped as above)


class Deadline(NamedTuple):
    """A computed deadline with everything needed to explain it on screen."""

    start: date
    limit_days: int
    due: date | None  # None while a pause is open: the clock is stopped
    extension_days: int = 0
    paused_days: int = 0
    pauses: tuple[Pause, ...] = ()
    holidays: tuple[CalendarDay, ...] = ()  # listed days off crossed in (start, due]
    makeup_days: tuple[CalendarDay, ...] = ()  # make-up working days crossed in (start, due]
    start_label: str = "开始日期"
    notes: tuple[str, ...] = ()

    @property
    def total_days(self) -> int:
        """Working days counted from the start date: limit + paused + extension."""
        return self.limit_days + self.paused_days + self.extension_days

    def explain(self) -> str:
        """A multi-line Chinese explanation: start, days counted, holidays and make-up days, pauses, extension."""
        lines = [f"起算日：{self.start_label} {format_date(self.start, weekday=True)}，自其后第一个工作日起计算"]
        lines.extend(self.notes)
        lines.append(f"期限：{self.limit_days}个工作日")
        if self.pauses:
            lines.append("暂停计时、不计算的时段：")
            lines.extend(f"  {_describe_pause(p)}" for p in self.pauses)
        if self.extension_days:
            lines.append(f"延期：{self.extension_days}个工作日")
        if self.due is None:
            lines.append("最终期限：计时暂停中，暂停结束后再计算")
            return "\n".join(lines)
        parts = [f"{self.limit_days}"]
        if self.paused_days:
            parts.append(f"暂停{self.paused_days}")
        if self.extension_days:
            parts.append(f"延期{self.extension_days}")
        total = f"{' + '.join(parts)} = {self.total_days}" if len(parts) > 1 else f"{self.total_days}"
        lines.append(f"计算的工作日数：{total}个工作日")
        if self.holidays:
            lines.append("跨越的节假日：" + "；".join(_describe_holidays(self.holidays)))
        else:
            lines.append("跨越的节假日：无")
        if self.makeup_days:
            lines.append(
                "跨越的调休上班日（计为工作日）："
                + "；".join(f"{format_date(d.date, weekday=True)}{d.name}调休上班" for d in self.makeup_days)
            )
        lines.append(f"最终期限：{format_date(self.due, weekday=True)}")
        return "\n".join(lines)


def working_day_deadline(
    cal: WorkCalendar,
    start: date,
    days: int,
    pauses: Iterable[PauseSpan | Pause] = (),
    extension: int = 0,
    *,
    start_label: str = "开始日期",
    pause_label: str = "暂停",
    notes: Sequence[str] = (),
) -> Deadline:
    """The general rule: the `days`-th working day after `start`, plus paused working days, plus the extension.

    A paused span (s, e) adds `cal.workdays_in(s, e)` working days. Spans are clipped so that a day is never
    added twice or added for time when the clock was not running: the part before `start` and the part
    overlapping an earlier span are dropped, and a span that begins on or after the deadline as it stood
    (extension included) adds nothing, because the time had already run out. An open span (end None) that
    begins while the clock runs gives `due=None`.
    Raises `CalendarMissing` when a needed year has no calendar, `DomainError` on a span ending before it starts.
    """
    start = as_date(start)
    if days < 0:
        raise DomainError(f"期限不能为负数：{days}")
    if extension < 0:
        raise DomainError(f"延期工作日数不能为负数：{extension}", field="延期工作日数")
    spans = sorted((_normalise_span(p, pause_label) for p in pauses), key=lambda s: s[0])

    # Work in counts of working days rather than dates: whether a span began while the clock was running only
    # needs the calendar up to the span's start, so a request paused in December has no due date (None) rather
    # than failing for lack of next year's calendar.
    total = days + extension
    paused_days = 0
    clock_stopped = False
    done: list[Pause] = []
    counted_through = start  # the clock has been accounted for up to this day
    for span_start, span_end, label in spans:
        if clock_stopped:
            # An earlier span is still open: the clock is stopped, later spans cannot add anything yet.
            done.append(Pause(span_start, span_end, None, label, "前一暂停尚未结束"))
            continue
        effective = max(span_start, counted_through)
        if cal.workdays_in(start, effective) >= total:
            # The whole limit was used up by this day, so the span cannot stop the clock. Since every span
            # processed so far ends before the due date, that means it began on or after the due date.
            note = "开始于期限届满之后，不影响期限" if span_start >= start else "不在计时期间内"
            done.append(Pause(span_start, span_end, 0, label, note))
            continue
        note = ""
        if effective > span_start:
            note = "早于起算日的部分不计" if span_start < start else "与前一暂停重叠的部分只计一次"
        if span_end is None:
            done.append(Pause(span_start, None, None, label, note, effective))
            clock_stopped = True
            continue
        added = cal.workdays_in(effective, span_end)
        counted_through = max(counted_through, span_end)
        paused_days += added
        total += added
        done.append(Pause(span_start, span_end, added, label, note, effective))

    due = None if clock_stopped else cal.add_workdays(start, total)
    crossed = cal.special_days(start, due) if due is not None else []
    return Deadline(
        start=start,
        limit_days=days,
        due=due,
        extension_days=extension,
        paused_days=paused_days,
        pauses=tuple(done),
        holidays=tuple(d for d in crossed if not d.is_workday),
        makeup_days=tuple(d for d in crossed if d.is_workday),
        start_label=start_label,
        notes=tuple(notes),
    )


def window_promise_date(
    cal: WorkCalendar, accepted: date, promise_days: int, pauses: Iterable[PauseSpan | Pause] = ()
) -> Deadline:
    """承诺办结日期 of a window case: 受理 date + 承诺时限 working days + paused spans (补齐补正 / 挂起)."""
    return working_day_deadline(
        cal, accepted, promise_days, pauses, start_label="受理日期", pause_label="补齐补正/挂起"
    )


def hotline_due(cal: WorkCalendar, dispatched: date, limit_days: int, extension_days: int = 0) -> Deadline:
    """办理时限 of a dispatched hotline ticket: 派单 date + limit working days + approved extension."""
    return working_day_deadline(cal, dispatched, limit_days, extension=extension_days, start_label="派单日期")


def disclosure_due(
    cal: WorkCalendar,
    received: date,
    limit: int = DISCLOSURE_LIMIT_DAYS,
    correction_received: date | None = None,
    consultations: Iterable[PauseSpan | Pause] = (),
    extension_days: int = 0,
) -> Deadline:
    """答复期限 of a disclosure request (条例 Art. 30, 33).

    20 working days after 收到日期; when 补正收到日期 is given the clock restarts there (a restart, not a
    pause); consultation spans (征求意见发出日期, 征求意见回复日期) are not counted, an unanswered
    consultation stops the clock (due None); the approved extension (at most 20 working days) is added.
    """
    received = as_date(received)
    if not 0 <= extension_days <= DISCLOSURE_MAX_EXTENSION:
        raise DomainError(f"延期工作日数应在0至{DISCLOSURE_MAX_EXTENSION}之间", field="延期工作日数")
    notes: list[str] = []
    start, start_label = received, "收到日期"
    if correction_received is not None:
        correction_received = as_date(correction_received)
        if correction_received < received:
            raise DomainError("补正收到日期不能早于收到日期", field="补正收到日期")
        start, start_label = correction_received, "补正收到日期"
        notes.append(f"申请于{format_date(received)}收到，经补正后期限自补正收到日期重新起算（条例第三十条）")
    return working_day_deadline(
        cal,
        start,
        limit,
        consultations,
        extension_days,
        start_label=start_label,
        pause_label="征求意见",
        notes=notes,
    )


def is_overdue(deadline: Deadline | date | None, when: date) -> bool:
    """Whether `when` (the done date, or today while open) is after the due date; never while the clock is stopped."""
    due = deadline.due if isinstance(deadline, Deadline) else deadline
    if due is None:
        return False
    return as_date(when) > due


def workdays_left(cal: WorkCalendar, today: date, due: date) -> int:
    """Working days from `today` to `due`: 0 on the due day, negative once overdue.

    Overdue is at least -1 even when only non-working days have passed since the due date (due Friday,
    today Saturday), so "overdue" is always `< 0` and "due within 3 working days" is `0 <= left <= 3`.
    """
    today, due = as_date(today), as_date(due)
    if today <= due:
        return cal.workdays_in(today, due)
    return -max(1, cal.workdays_in(due, today))


# -- helpers -------------------------------------------------------------------------------------


def _normalise_span(span: PauseSpan | Pause, default_label: str) -> tuple[date, date | None, str]:
    if isinstance(span, Pause):
        start, end, label = span.start, span.end, span.label
    else:
        start, end = span[0], span[1]
        label = span[2] if len(span) > 2 else default_label
    if start is None:
        raise DomainError(f"{label}缺少开始日期")
    start = as_date(start)
    end = as_date(end) if end is not None else None
    if end is not None and end < start:
        raise DomainError(f"{label}的结束日期{format_date(end)}早于开始日期{format_date(start)}")
    return start, end, label or default_label


def _describe_pause(p: Pause) -> str:
    stopped = (p.counted_after or p.start) + timedelta(days=1)
    if p.days is None:
        text = f"{p.label}：{format_date(p.start)}起，尚未结束，{format_date(stopped)}起停止计时"
    elif p.days:
        resumed = p.end + timedelta(days=1)
        text = (
            f"{p.label}：{format_date(p.start)}至{format_date(p.end)}，不计算{p.days}个工作日"
            f"（{format_date(stopped)}停止计时，{format_date(resumed)}恢复）"
        )
    else:
        span = f"至{format_date(p.end)}" if p.end is not None else "起（尚未结束）"
        text = f"{p.label}：{format_date(p.start)}{span}，不增加工作日"
    return f"{text}（{p.note}）" if p.note else text


def _describe_holidays(days: Sequence[CalendarDay]) -> list[str]:
    """Group consecutive listed days off with the same name: `国庆节 2015年10月1日至10月7日（7天）`."""
    groups: list[list[CalendarDay]] = []
    for day in days:
        if groups and groups[-1][-1].name == day.name and (day.date - groups[-1][-1].date).days == 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    texts = []
    for group in groups:
        first, last = group[0].date, group[-1].date
        name = group[0].name or "节假日"
        if first == last:
            texts.append(f"{name} {format_date(first)}")
        else:
            tail = f"{last.month}月{last.day}日" if last.year == first.year else format_date(last)
            texts.append(f"{name} {format_date(first)}至{tail}（{len(group)}天）")
    return texts
