"""咨询与留言: consultations and messages, single entries and daily tallies — the declaration of register 2."""

from desktop.db.declare import Declaration, Field, Kind
from desktop.domain import vocab

CONTACTS = Declaration(
    key="contacts",
    title="咨询与留言",
    table="contact",
    year_field="date",
    fields=(
        Field("date", "日期", Kind.DATE, required=True, in_list=True, carry_over=True),
        Field(
            "point",
            "受理点",
            Kind.CHOICE,
            required=True,
            choices=vocab.CONTACT_POINTS,
            default="政务中心窗口",
            in_list=True,
            list_filter=True,
            carry_over=True,
        ),
        Field("unit", "单位", Kind.REF, ref="unit", in_list=True, list_filter=True, carry_over=True),
        Field(
            "channel",
            "渠道",
            Kind.CHOICE,
            required=True,
            choices=vocab.CONTACT_CHANNELS,
            default="当面",
            in_list=True,
            carry_over=True,
        ),
        Field(
            "type",
            "类型",
            Kind.CHOICE,
            required=True,
            choices=vocab.CONTACT_TYPES,
            default="咨询",
            in_list=True,
            list_filter=True,
            carry_over=True,
        ),
        Field("praise_form", "形式", Kind.CHOICE, choices=vocab.PRAISE_FORMS, in_list=True, help="表扬的形式"),
        Field("count", "人次", Kind.INT, required=True, default=1, in_list=True, help="可按日汇总登记，默认为1"),
        Field("summary", "内容摘要", Kind.LONGTEXT, in_list=True, searchable=True),
        Field("handling", "处理情况", Kind.LONGTEXT, searchable=True),
    ),
    indexes=((("date", "type"), False),),
)
