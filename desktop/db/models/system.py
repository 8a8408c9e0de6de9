"""Tables that are not registers: the holiday calendar, number counters and settings."""

import peewee as pw

from desktop.db.declare import BaseModel


class Holiday(BaseModel):
    """节假日安排: an exceptional day — a day off on a weekday or a holiday, or a make-up working day (调休)."""

    day = pw.DateField(unique=True)
    is_workday = pw.BooleanField()  # True: 调休上班日; False: 放假
    name = pw.CharField(max_length=32, default="")

    class Meta:
        table_name = "holiday"


class CalendarYear(BaseModel):
    """A year whose official arrangement is loaded; deadlines in other years are refused, never guessed."""

    year = pw.IntegerField(primary_key=True)
    source = pw.CharField(max_length=64, default="")

    class Meta:
        table_name = "calendar_year"


class Counter(BaseModel):
    """The last number handed out per numbering prefix (e.g. window:2015:GS), advanced in the save transaction."""

    name = pw.CharField(max_length=64, primary_key=True)
    value = pw.IntegerField(default=0)

    class Meta:
        table_name = "counter"


class Setting(BaseModel):
    key = pw.CharField(max_length=64, primary_key=True)
    value = pw.TextField(default="")

    class Meta:
        table_name = "setting"
