"""依申请公开: information-disclosure requests under the 2019 条例 — the declaration of register 4."""

from desktop.db.declare import Declaration, Field, Kind
from desktop.domain import vocab
from desktop.domain.outcomes import OUTCOME_CHOICES

_WHO = "申请人"
_FIX = "补正"
_ASK = "征求意见"
_EXT = "延期"
_FEE = "信息处理费"
_END = "答复"

DISCLOSURE = Declaration(
    key="disclosure",
    title="依申请公开",
    table="disclosure_request",
    number_field="number",
    year_field="received_date",
    fields=(
        Field(
            "number",
            "申请编号",
            unique=True,
            in_list=True,
            searchable=True,
            computed=True,
            max_length=32,
            help="自动编号：年度-序号，如 2015-003",
        ),
        Field(
            "channel",
            "申请方式",
            Kind.CHOICE,
            required=True,
            choices=vocab.REQUEST_CHANNELS,
            in_list=True,
            carry_over=True,
        ),
        Field("arrived_date", "到达日期", Kind.DATE, help="申请实际送达之日"),
        Field(
            "received_date",
            "收到日期",
            Kind.DATE,
            required=True,
            in_list=True,
            help="《条例》第三十一条的收到日期：当面为提交之日，挂号信为签收之日，平信、网络、传真为双方确认之日",
        ),
        Field("received_note", "收到日期说明", help="收到日期与到达日期不同时说明原因"),
        Field(
            "applicant_type",
            "申请人类型",
            Kind.CHOICE,
            required=True,
            choices=vocab.REQUESTER_KINDS,
            in_list=True,
            section=_WHO,
            carry_over=True,
        ),
        Field("applicant", "申请人", required=True, in_list=True, searchable=True, section=_WHO),
        Field("id_kind", "证件类型", Kind.CHOICE, choices=vocab.ID_KINDS, section=_WHO),
        Field(
            "id_number", "证件号码", check="id_number", id_kind_field="id_kind", mask="id", section=_WHO, max_length=32
        ),
        Field("phone", "联系电话", check="phone", mask="phone", section=_WHO, max_length=32),
        Field("address", "通信地址", section=_WHO),
        Field("email", "电子邮箱", check="email", section=_WHO),
        Field("content", "申请内容", Kind.LONGTEXT, required=True, in_list=True, searchable=True),
        Field("delivery_form", "获取方式", Kind.CHOICE, choices=vocab.DELIVERY_FORMS),
        Field(
            "correction_notice_date",
            "补正告知日期",
            Kind.DATE,
            section=_FIX,
            help="应在收到申请之日起7个工作日内一次性告知",
        ),
        Field("correction_deadline", "补正期限", Kind.DATE, section=_FIX),
        Field("correction_received", "补正收到日期", Kind.DATE, section=_FIX, help="答复期限自此日重新计算"),
        Field("consult_party", "征求意见对象", section=_ASK),
        Field("consult_sent", "征求意见发出日期", Kind.DATE, section=_ASK),
        Field("consult_reply", "征求意见回复日期", Kind.DATE, section=_ASK, help="征求意见期间不计入答复期限"),
        Field("ext_approver", "延期批准人", section=_EXT),
        Field("ext_approved", "延期批准日期", Kind.DATE, section=_EXT),
        Field("ext_days", "延期工作日数", Kind.INT, section=_EXT, help="不超过20个工作日"),
        Field("ext_notice", "延期告知日期", Kind.DATE, section=_EXT),
        Field(
            "later_due",
            "另行确定的答复期限",
            Kind.DATE,
            section=_EXT,
            help="《条例》第三十五条：申请理由合理但无法在规定期限内答复时另行确定的期限",
        ),
        Field("fee_method", "收费方式", Kind.CHOICE, choices=vocab.FEE_METHODS, default="不收费", section=_FEE),
        Field("fee_pages", "收费页数", Kind.INT, section=_FEE),
        Field("fee_notice_date", "收费通知日期", Kind.DATE, section=_FEE),
        Field(
            "fee_amount", "收费金额", Kind.MONEY, section=_FEE, help="按《政府信息公开信息处理费管理办法》计算，可修改"
        ),
        Field("fee_paid_date", "缴费日期", Kind.DATE, section=_FEE),
        Field("fee_paid", "实收金额", Kind.MONEY, section=_FEE),
        Field(
            "due_date",
            "答复期限",
            Kind.DATE,
            computed=True,
            in_list=True,
            section=_END,
            help="收到日期（或补正收到日期）+ 20个工作日 + 征求意见期间 + 延期",
        ),
        Field("outcome", "办理结果", Kind.CHOICE, choices=OUTCOME_CHOICES, in_list=True, section=_END, max_length=80),
        Field("outcome_basis", "法律依据", Kind.LONGTEXT, section=_END),
        Field("reply_date", "答复日期", Kind.DATE, in_list=True, section=_END),
        Field("reply_doc_no", "答复书文号", section=_END),
        Field("service_method", "送达方式", Kind.CHOICE, choices=vocab.SERVICE_METHODS, section=_END),
        Field("served_date", "送达日期", Kind.DATE, section=_END),
        Field(
            "status",
            "状态",
            Kind.CHOICE,
            required=True,
            choices=vocab.REQUEST_STATUSES,
            default="登记",
            in_list=True,
            section=_END,
            list_filter=True,
        ),
        Field("handler", "经办人", section="其他", carry_over=True),
        Field("remark", "备注", Kind.LONGTEXT, section="其他"),
    ),
    indexes=((("received_date",), False), (("reply_date",), False), (("status", "due_date"), False)),
)
