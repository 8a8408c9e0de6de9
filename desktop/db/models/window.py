"""窗口办件: service-center window cases — the declaration of register 1."""

from desktop.db.declare import Declaration, Field, Kind
from desktop.domain import vocab

_FIX = "差评整改"
_FLOW = "办理过程"

WINDOW = Declaration(
    key="window", title="窗口办件", table="window_case", number_field="number", year_field="received_at",
    fields=(
        Field("number", "办件编号", unique=True, in_list=True, searchable=True, computed=True, max_length=32,
              help="自动编号：年度-单位代码-序号，如 2015-GS-00123"),
        Field("item", "事项", Kind.REF, ref="service_item", required=True, in_list=True,
              help="选择事项后自动填入单位、办件类别、办件类型和承诺时限"),
        Field("unit", "单位", Kind.REF, ref="unit", in_list=True, computed=True),
        Field("category", "办件类别", Kind.CHOICE, choices=vocab.CASE_CATEGORIES, in_list=True, computed=True),
        Field("case_type", "办件类型", Kind.CHOICE, choices=vocab.CASE_TYPES, computed=True),
        Field("promise_days", "承诺时限", Kind.INT, computed=True, help="承诺办结时限（工作日），取自事项"),
        Field("applicant_type", "申请人类型", Kind.CHOICE, required=True, choices=vocab.APPLICANT_KINDS,
              default="个人", section="申请人"),
        Field("applicant", "申请人", required=True, in_list=True, searchable=True, section="申请人"),
        Field("id_kind", "证件类型", Kind.CHOICE, choices=vocab.ID_KINDS, section="申请人"),
        Field("id_number", "证件号码", check="id_number", id_kind_field="id_kind", mask="id", searchable=True,
              section="申请人", max_length=32),
        Field("phone", "联系电话", check="phone", mask="phone", searchable=True, section="申请人", max_length=32),
        Field("received_at", "收件时间", Kind.DATETIME, required=True, in_list=True, section=_FLOW),
        Field("accepted_at", "受理时间", Kind.DATETIME, section=_FLOW),
        Field("status", "办理状态", Kind.CHOICE, required=True, choices=vocab.CASE_STATUSES, default="收件",
              in_list=True, section=_FLOW),
        Field("correction_start", "补齐补正开始日期", Kind.DATE, section=_FLOW,
              help="告知申请人补齐补正材料之日，计时暂停"),
        Field("correction_end", "补齐补正结束日期", Kind.DATE, section=_FLOW, help="收到补齐补正材料之日，计时恢复"),
        Field("suspend_start", "挂起开始日期", Kind.DATE, section=_FLOW),
        Field("suspend_end", "挂起结束日期", Kind.DATE, section=_FLOW),
        Field("promised_date", "承诺办结日期", Kind.DATE, computed=True, in_list=True, section=_FLOW,
              help="受理日期 + 承诺时限（工作日）+ 补齐补正、挂起暂停的工作日"),
        Field("concluded_at", "办结时间", Kind.DATETIME, in_list=True, section=_FLOW),
        Field("fee", "收费金额", Kind.MONEY, section=_FLOW, help="单位：元；收费事项必须大于0"),
        Field("online", "网上办理", Kind.BOOL, section=_FLOW, help="通过省网上政务服务和电子监察系统办理"),
        Field("rating", "评价", Kind.CHOICE, choices=vocab.RATINGS, default="未评价", in_list=True, section=_FLOW),
        Field("fix_callback_date", "回访日期", Kind.DATE, section=_FIX),
        Field("fix_finding", "核实情况", Kind.LONGTEXT, section=_FIX),
        Field("fix_measure", "整改措施", Kind.LONGTEXT, section=_FIX),
        Field("fix_due_date", "整改期限", Kind.DATE, section=_FIX),
        Field("fix_done_date", "整改完成日期", Kind.DATE, section=_FIX),
        Field("handler", "经办人", in_list=True, searchable=True, section="其他"),
        Field("remark", "备注", Kind.LONGTEXT, section="其他"),
    ),
    indexes=((("unit", "received_at"), False), (("status", "received_at"), False), (("concluded_at",), False),
             (("received_at",), False), (("rating", "fix_done_date"), False)),
)
