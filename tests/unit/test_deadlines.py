"""Tests for working-day deadlines: disclosure requests, window cases, hotline tickets and their explanation."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.deadlines import (
    Deadline,
    Pause,
    disclosure_due,
    hotline_due,
    is_overdue,
    window_promise_date,
    workdays_left,
    working_day_deadline,
)
from desktop.domain.errors import DomainError
from desktop.domain.workdays import CalendarMissing, WorkCalendar


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.bundled()


# Working days after Fri 2015-09-25, counted by hand from the 2015 arrangement:
#   Sat 26 off, Sun 27 中秋节 off
#   Mon 28 → 1, Tue 29 → 2, Wed 30 → 3
#   1–7 Oct 国庆节 off
#   Thu 8 → 4, Fri 9 → 5, Sat 10 (调休上班) → 6, Sun 11 off
#   12–16 Oct → 7..11, 19–23 Oct → 12..16, Mon 26 → 17, Tue 27 → 18, Wed 28 → 19, Thu 29 → 20
#   Fri 30 → 21, Mon 2 Nov → 22, Tue 3 → 23, Wed 4 → 24, Thu 5 → 25, Fri 6 → 26, Mon 9 → 27 ...
RECEIVED = date(2015, 9, 25)


def test_disclosure_across_national_day(cal):
    d = disclosure_due(cal, RECEIVED)
    assert d.due == date(2015, 10, 29)
    assert d.start == RECEIVED
    assert (d.limit_days, d.extension_days, d.paused_days) == (20, 0, 0)
    assert [h.date for h in d.makeup_days] == [date(2015, 10, 10)]
    assert {h.name for h in d.holidays} == {"中秋节", "国庆节"}
    assert len([h for h in d.holidays if h.name == "国庆节"]) == 7


def test_explanation_mentions_the_holiday_and_the_makeup_day(cal):
    text = disclosure_due(cal, RECEIVED).explain()
    assert "2015年9月25日" in text and "收到日期" in text
    assert "国庆节 2015年10月1日至10月7日（7天）" in text
    assert "中秋节" in text
    assert "2015年10月10日（星期六）国庆节调休上班" in text
    assert "20个工作日" in text
    assert "最终期限：2015年10月29日（星期四）" in text


def test_correction_restarts_the_clock(cal):
    # Received 10 Sep; corrected request received 25 Sep → 20 working days from 25 Sep, not a pause.
    d = disclosure_due(cal, date(2015, 9, 10), correction_received=RECEIVED)
    assert d.start == RECEIVED
    assert d.due == date(2015, 10, 29)
    assert d.paused_days == 0
    text = d.explain()
    assert "补正收到日期" in text and "重新起算" in text and "2015年9月10日" in text


def test_correction_before_receipt_is_rejected(cal):
    with pytest.raises(DomainError) as info:
        disclosure_due(cal, RECEIVED, correction_received=date(2015, 9, 1))
    assert info.value.field == "补正收到日期"


def test_consultation_span_is_not_counted(cal):
    # Letter sent Mon 12 Oct, reply Fri 16 Oct: the clock stops from 13 Oct and resumes 17 Oct;
    # 13, 14, 15, 16 Oct are 4 working days → 20 + 4 = 24th working day → Wed 4 Nov.
    d = disclosure_due(cal, RECEIVED, consultations=[(date(2015, 10, 12), date(2015, 10, 16))])
    assert d.paused_days == 4
    assert d.due == date(2015, 11, 4)
    assert d.pauses == (Pause(date(2015, 10, 12), date(2015, 10, 16), 4, "征求意见", "", date(2015, 10, 12)),)
    assert "征求意见：2015年10月12日至2015年10月16日，不计算4个工作日" in d.explain()


def test_consultation_spanning_a_holiday_adds_only_working_days(cal):
    # Sent Tue 29 Sep, answered Fri 9 Oct: 30 Sep, 8 Oct, 9 Oct are the working days in between → +3 → 23rd → 3 Nov.
    d = disclosure_due(cal, RECEIVED, consultations=[(date(2015, 9, 29), date(2015, 10, 9))])
    assert d.paused_days == 3
    assert d.due == date(2015, 11, 3)


def test_extension_is_added(cal):
    # 20 + 5 = 25th working day after 25 Sep → Thu 5 Nov.
    d = disclosure_due(cal, RECEIVED, extension_days=5)
    assert d.due == date(2015, 11, 5)
    assert "延期：5个工作日" in d.explain()


def test_extension_and_consultation_together(cal):
    # 20 + 4 paused + 5 extension = 29th working day: 5 Nov is the 25th, then 6, 9, 10, 11 Nov → Wed 11 Nov.
    d = disclosure_due(cal, RECEIVED, consultations=[(date(2015, 10, 12), date(2015, 10, 16))], extension_days=5)
    assert d.due == date(2015, 11, 11)
    assert d.total_days == 29
    assert "20 + 暂停4 + 延期5 = 29个工作日" in d.explain()


def test_extension_over_twenty_days_is_rejected(cal):
    with pytest.raises(DomainError) as info:
        disclosure_due(cal, RECEIVED, extension_days=21)
    assert info.value.field == "延期工作日数"


def test_unanswered_consultation_stops_the_clock(cal):
    d = disclosure_due(cal, RECEIVED, consultations=[(date(2015, 10, 12), None)])
    assert d.due is None
    assert d.pauses[0].days is None
    assert not is_overdue(d, date(2016, 6, 1))
    assert "计时暂停中" in d.explain()


def test_pause_after_the_deadline_does_not_rescue_it(cal):
    # The clock ran out on 29 Oct; a consultation begun on 2 Nov neither moves nor hides the deadline.
    d = disclosure_due(cal, RECEIVED, consultations=[(date(2015, 11, 2), None)])
    assert d.due == date(2015, 10, 29)
    assert d.pauses[0].days == 0
    assert is_overdue(d, date(2015, 11, 3))
    # A pause beginning on the due day itself: the due day was already counted.
    assert disclosure_due(cal, RECEIVED, consultations=[(date(2015, 10, 29), date(2015, 11, 5))]).due == date(
        2015, 10, 29
    )


def test_pause_beginning_the_day_before_due_carries_the_last_day_over(cal):
    # Stop after Wed 28 Oct (19 days used); resume after Fri 30 Oct; the 20th day is Mon 2 Nov.
    d = disclosure_due(cal, RECEIVED, consultations=[(date(2015, 10, 28), date(2015, 10, 30))])
    assert d.paused_days == 2
    assert d.due == date(2015, 11, 2)


def test_overlapping_pauses_count_once(cal):
    spans = [(date(2015, 10, 12), date(2015, 10, 16)), (date(2015, 10, 14), date(2015, 10, 20))]
    # Together they stop the clock 13–20 Oct: 13, 14, 15, 16, 19, 20 = 6 working days.
    d = working_day_deadline(cal, RECEIVED, 20, spans)
    assert d.paused_days == 6
    assert d.due == cal.add_workdays(RECEIVED, 26)


def test_pause_ending_before_it_starts_is_rejected(cal):
    with pytest.raises(DomainError):
        working_day_deadline(cal, RECEIVED, 20, [(date(2015, 10, 16), date(2015, 10, 12))])


def test_window_case_with_correction_pause(cal):
    # Accepted Fri 13 Feb 2015, 5 working days: 15 (Sun, 调休), 16, 17, 25, 26 → Thu 26 Feb.
    assert window_promise_date(cal, datetime(2015, 2, 13, 10, 0), 5).due == date(2015, 2, 26)
    # 补齐补正 from Mon 16 to Wed 25 Feb: 17 and 25 Feb are added → 28 Feb (Sat, 调休上班).
    d = window_promise_date(cal, date(2015, 2, 13), 5, [(date(2015, 2, 16), date(2015, 2, 25), "补齐补正")])
    assert d.paused_days == 2
    assert d.due == date(2015, 2, 28)
    assert "2015年2月28日（星期六）春节调休上班" in d.explain()


def test_same_day_case(cal):
    d = window_promise_date(cal, date(2015, 10, 9), 0)
    assert d.due == date(2015, 10, 9)


def test_hotline_with_extension(cal):
    # Dispatched Wed 2 Sep 2015: 3 working days → 6 Sep (Sun, 调休), 7, 8 → Tue 8 Sep; +2 extension → Thu 10 Sep.
    assert hotline_due(cal, datetime(2015, 9, 2, 9, 30), 3).due == date(2015, 9, 8)
    assert hotline_due(cal, date(2015, 9, 2), 3, extension_days=2).due == date(2015, 9, 10)
    assert "抗战胜利纪念日" in hotline_due(cal, date(2015, 9, 2), 3).explain()


def test_deadline_in_an_uncovered_year(cal):
    with pytest.raises(CalendarMissing) as info:
        disclosure_due(cal, date(2026, 12, 15))
    assert info.value.year == 2027
    assert "2027年" in info.value.message


def test_open_pause_near_year_end_needs_no_calendar_for_next_year(cal):
    # The limit would end in 2027 (not loaded), but the clock stopped in 2026: no due date yet, no error.
    d = disclosure_due(cal, date(2026, 12, 15), consultations=[(date(2026, 12, 16), None)])
    assert d.due is None
    with pytest.raises(CalendarMissing):
        disclosure_due(cal, date(2026, 12, 15), consultations=[(date(2026, 12, 16), date(2026, 12, 18))])


def test_deadline_in_2030(cal):
    with pytest.raises(CalendarMissing) as info:
        hotline_due(cal, date(2030, 3, 1), 3)
    assert info.value.year == 2030
    assert "缺少2030年的节假日安排" in str(info.value)


def test_is_overdue(cal):
    d = disclosure_due(cal, RECEIVED)
    assert not is_overdue(d, date(2015, 10, 29))
    assert is_overdue(d, date(2015, 10, 30))
    assert is_overdue(date(2015, 10, 29), date(2015, 10, 30))
    assert not is_overdue(None, date(2015, 10, 30))
    assert isinstance(d, Deadline)


def test_workdays_left(cal):
    due = date(2015, 10, 12)  # Monday after the National Day week
    assert workdays_left(cal, date(2015, 10, 12), due) == 0
    assert workdays_left(cal, date(2015, 10, 9), due) == 2  # Sat 10 Oct is a working day
    assert workdays_left(cal, date(2015, 9, 30), due) == 4  # 8, 9, 10, 12 Oct
    assert workdays_left(cal, date(2015, 10, 13), due) == -1
    # Due Fri 16 Oct, today Sun 18 Oct: no working day has passed, but it is overdue all the same.
    assert workdays_left(cal, date(2015, 10, 18), date(2015, 10, 16)) == -1
    assert workdays_left(cal, date(2015, 10, 20), date(2015, 10, 16)) == -2


def simulate_clock(cal: WorkCalendar, start: date, total: int, spans: list[tuple[date, date]]) -> date:
    # Reference: walk day by day; a working day counts unless some span stopped the clock on it
    # (the clock stops the day after a span starts and resumes the day after it ends).
    stopped = {s + timedelta(days=i) for s, e in spans for i in range(1, (e - s).days + 1)}
    d, counted = start, 0
    while counted < total:
        d += timedelta(days=1)
        if cal.is_workday(d) and d not in stopped:
            counted += 1
    return d


span_strategy = st.tuples(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2015, 12, 31)), st.integers(min_value=0, max_value=25)
).map(lambda t: (t[0], t[0] + timedelta(days=t[1])))


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2015, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=20),
    st.lists(span_strategy, max_size=4),
)
def test_deadline_matches_a_day_by_day_clock(start, days, extension, spans):
    cal = WorkCalendar.bundled()
    d = working_day_deadline(cal, start, days, spans, extension)
    assert d.due == simulate_clock(cal, start, days + extension, spans)
    assert d.total_days == days + extension + d.paused_days
