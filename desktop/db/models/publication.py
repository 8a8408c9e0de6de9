"""主动公开, 规章与行政规范性文件, 行政执法决定, 复议诉讼: registers 5–8 (the office's disclosure books)."""

from desktop.db.declare import Declaration, Field, Kind
from desktop.domain import vocab

PROACTIVE = Declaration(
    key="proactive",
    title="主动公开",
    table="proactive_item",
    year_field="publish_date",
    fields=(
        Field("title", "标题", required=True, in_list=True, searchable=True),
        Field("publish_date", "发布日期", Kind.DATE, required=True, in_list=True, carry_over=True),
        Field("web_column", "栏目", Kind.REF, ref="web_column", in_list=True, carry_over=True),
        Field(
            "key_area",
            "重点领域",
            Kind.CHOICE,
            choices=vocab.KEY_AREAS,
            in_list=True,
            list_filter=True,
            carry_over=True,
        ),
        Field("unit", "发布单位", Kind.REF, ref="unit", in_list=True, list_filter=True, carry_over=True),
        Field(
            "carriers",
            "公开载体",
            Kind.MULTI,
            choices=vocab.CARRIERS,
            default="政府网站",
            help="可多选，文件中以“、”分隔",
            carry_over=True,
        ),
        Field("doc_no", "文号", searchable=True),
        Field("electronic", "电子化", Kind.BOOL, default=True, in_list=True),
    ),
    indexes=((("publish_date", "key_area"), False),),
)

NORMATIVE = Declaration(
    key="normative",
    title="规章与行政规范性文件",
    table="normative_document",
    year_field="issued_date",
    fields=(
        Field("name", "文件名称", required=True, in_list=True, searchable=True),
        Field("doc_no", "文号", in_list=True, searchable=True),
        Field(
            "category",
            "类别",
            Kind.CHOICE,
            required=True,
            choices=vocab.NORMATIVE_KINDS,
            in_list=True,
            list_filter=True,
            carry_over=True,
        ),
        Field("issued_date", "制发日期", Kind.DATE, required=True, in_list=True),
        Field("repealed_date", "废止日期", Kind.DATE, in_list=True),
    ),
)

ENFORCEMENT = Declaration(
    key="enforcement",
    title="行政执法决定",
    table="enforcement_figure",
    year_field="year",
    fields=(
        Field("year", "年度", Kind.INT, required=True, in_list=True, index=True, carry_over=True),
        Field("unit", "单位", Kind.REF, ref="unit", in_list=True, list_filter=True, carry_over=True),
        Field(
            "category",
            "类别",
            Kind.CHOICE,
            required=True,
            choices=vocab.ENFORCEMENT_KINDS,
            in_list=True,
            list_filter=True,
            carry_over=True,
        ),
        Field("quantity", "数量", Kind.MONEY, required=True, in_list=True, help="决定件数；行政事业性收费填金额（元）"),
        Field("note", "说明", Kind.LONGTEXT, in_list=True),
    ),
)

APPEALS = Declaration(
    key="appeals",
    title="复议诉讼",
    table="appeal_case",
    year_field="filed_date",
    fields=(
        Field(
            "case_type",
            "案件类型",
            Kind.CHOICE,
            required=True,
            choices=vocab.APPEAL_KINDS,
            in_list=True,
            list_filter=True,
        ),
        Field("case_no", "案号", in_list=True, searchable=True),
        Field("request_number", "关联申请编号", help="引起复议或诉讼的依申请公开申请编号"),
        Field("appellant", "申请人或原告", required=True, in_list=True, searchable=True),
        Field("filed_date", "立案日期", Kind.DATE, required=True, in_list=True),
        Field(
            "result",
            "审理结果",
            Kind.CHOICE,
            required=True,
            choices=vocab.APPEAL_RESULTS,
            default="尚未审结",
            in_list=True,
            list_filter=True,
        ),
        Field("closed_date", "结案日期", Kind.DATE, in_list=True),
        Field("remark", "备注", Kind.LONGTEXT),
    ),
)
