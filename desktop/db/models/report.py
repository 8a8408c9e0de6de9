"""The annual report kept in the database: its narrative per year and format, the figures no register holds,
and the frozen snapshot of a published (定稿) report."""

import peewee as pw

from desktop.db.declare import BaseModel


class AnnualReport(BaseModel):
    year = pw.IntegerField()
    fmt = pw.CharField(max_length=16)  # 2021年版格式 / 旧版格式
    narrative = pw.TextField(default="")  # JSON of desktop.report.narrative.Narrative
    status = pw.CharField(max_length=8, default="草稿")  # 草稿 / 定稿
    snapshot = pw.TextField(default="")  # JSON of every figure at 定稿; later register edits cannot change it
    frozen_at = pw.DateTimeField(null=True)
    frozen_by = pw.CharField(max_length=64, default="")
    updated_at = pw.DateTimeField(null=True)
    updated_by = pw.CharField(max_length=64, default="")
    version = pw.IntegerField(default=0)  # 0: never saved

    class Meta:
        table_name = "annual_report"
        indexes = ((("year", "fmt"), True),)


class ReportSupplement(BaseModel):
    """补充数据: a figure of the year that no register holds (e.g. 网站访问量), entered in the report page."""

    year = pw.IntegerField()
    name = pw.CharField(max_length=32)
    value = pw.CharField(max_length=64)

    class Meta:
        table_name = "report_supplement"
        indexes = ((("year", "name"), True),)
