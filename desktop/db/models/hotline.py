"""热线工单 and 值班记录: the 7312345 hotline tickets and the duty log — the declarations of register 3."""

from desktop.db.declare import Declaration, Field, Kind
from desktop.domain import vocab

_CALLER = "来电人"
_FLOW = "派单与办理"
_BACK = "回复与回访"

HOTLINE = Declaration(
    key="hotline",
    title="热线工单",
    table="hotline_ticket",
    number_field="number",
    year_field="called_at",
    fields=(
        Field(
            "number",
            "工单编号",
            unique=True,
            in_list=True,
            searchable=True,
            computed=True,
            max_length=32,
            help="自动编号：来电日期-当日序号，如 20151012-0007",
        ),
        Field("called_at", "来电时间", Kind.DATETIME, required=True, in_list=True),
        Field("source", "来源渠道", Kind.CHOICE, required=True, choices=vocab.HOTLINE_SOURCES, default="电话"),
        Field("caller", "来电人", in_list=True, searchable=True, section=_CALLER),
        Field(
            "phone",
            "联系电话",
            check="phone",
            mask="phone",
            searchable=True,
            section=_CALLER,
            index=True,
            max_length=32,
        ),
        Field("anonymous", "匿名", Kind.BOOL, section=_CALLER),
        Field("appeal_type", "诉求类型", Kind.CHOICE, required=True, choices=vocab.APPEAL_TYPES, in_list=True),
        Field("topic", "诉求分类", Kind.REF, ref="hotline_topic", in_list=True),
        Field("address", "诉求地址", searchable=True),
        Field("content", "诉求内容", Kind.LONGTEXT, required=True, in_list=True, searchable=True),
        Field("receiver", "受理人", help="默认为当班值班员"),
        Field(
            "handling",
            "处理方式",
            Kind.CHOICE,
            required=True,
            choices=vocab.HOTLINE_HANDLING,
            default="转办",
            section=_FLOW,
        ),
        Field("handler_unit", "承办单位", Kind.REF, ref="unit", in_list=True, section=_FLOW),
        Field("dispatched_at", "派单时间", Kind.DATETIME, section=_FLOW),
        Field("signed_at", "签收时间", Kind.DATETIME, section=_FLOW),
        Field("extension_days", "延期工作日数", Kind.INT, section=_FLOW, help="经批准延长的办理时限（工作日）"),
        Field(
            "due_date",
            "办理时限",
            Kind.DATE,
            computed=True,
            in_list=True,
            section=_FLOW,
            help="派单日期 + 该诉求类型的办理时限（工作日）+ 批准的延期",
        ),
        Field("return_reason", "退单原因", Kind.LONGTEXT, section=_FLOW),
        Field("replied_at", "回复时间", Kind.DATETIME, section=_BACK),
        Field("reply", "回复内容", Kind.LONGTEXT, searchable=True, section=_BACK),
        Field("callback_at", "回访时间", Kind.DATETIME, section=_BACK),
        Field("callback_rating", "回访满意度", Kind.CHOICE, choices=vocab.RATINGS[:5], section=_BACK),
        Field("concluded_at", "办结时间", Kind.DATETIME, section=_BACK),
        Field(
            "status",
            "状态",
            Kind.CHOICE,
            required=True,
            choices=vocab.HOTLINE_STATUSES,
            default="待派单",
            in_list=True,
            section=_BACK,
        ),
        Field("related_number", "关联工单", section="其他", max_length=32, help="重复来电时关联的早前工单编号"),
        Field("remark", "备注", Kind.LONGTEXT, section="其他"),
    ),
    indexes=((("called_at",), False), (("status", "due_date"), False), (("handler_unit", "called_at"), False)),
)

DUTY = Declaration(
    key="duty",
    title="值班记录",
    table="duty_log",
    year_field="date",
    fields=(
        Field("date", "日期", Kind.DATE, required=True, in_list=True),
        Field("shift", "班次", Kind.CHOICE, required=True, choices=vocab.SHIFTS, in_list=True),
        Field("operators", "值班人员", required=True, in_list=True, searchable=True),
        Field("calls", "接听来电数", Kind.INT, computed=True, in_list=True, help="本班次时段内登记的热线工单数"),
        Field("open_tickets", "移交未办结工单数", Kind.INT, computed=True, in_list=True, help="交班时尚未办结的工单数"),
        Field("handover", "交接班事项", Kind.LONGTEXT, searchable=True),
    ),
    indexes=((("date", "shift"), True),),
)
