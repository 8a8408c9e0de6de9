"""Catalogue declarations (基础数据): units, service items, hotline topics and time limits, website columns, users.

Each says how its records are named to people (`display`), found from what a person typed or a file cell holds
(`lookup`) and recognised when another PC made the same record (`natural_key`): see `Declaration`."""

from desktop.db.declare import Declaration, Field, Kind
from desktop.domain import vocab

UNITS = Declaration(
    key="unit",
    title="单位",
    table="unit",
    display="name",
    lookup=("name", "code"),
    natural_key=("name", "code"),
    fields=(
        Field("name", "单位名称", required=True, unique=True, in_list=True, searchable=True, max_length=64),
        Field(
            "code",
            "单位代码",
            required=True,
            unique=True,
            in_list=True,
            max_length=8,
            help="办件编号中的单位代码，如工商为 GS",
        ),
        Field("kind", "单位类别", Kind.CHOICE, required=True, choices=vocab.UNIT_KINDS, in_list=True, list_filter=True),
        Field("staff_count", "窗口工作人员数", Kind.INT, in_list=True, default=0),
        Field("active", "启用", Kind.BOOL, default=True, in_list=True),
    ),
)

SERVICE_ITEMS = Declaration(
    key="service_item",
    title="事项",
    table="service_item",
    display="name",
    lookup=("code", "name"),  # names repeat across units; codes do not
    natural_key=("code",),
    choice_text="{name}（{code}）",  # a combo shows the code too, and completes on either
    fields=(
        Field("code", "事项编码", required=True, unique=True, in_list=True, searchable=True, max_length=32),
        Field("name", "事项名称", required=True, in_list=True, searchable=True, index=True),
        Field("unit", "单位", Kind.REF, ref="unit", required=True, in_list=True, list_filter=True, carry_over=True),
        Field(
            "category",
            "办件类别",
            Kind.CHOICE,
            required=True,
            choices=vocab.CASE_CATEGORIES,
            in_list=True,
            list_filter=True,
            carry_over=True,
        ),
        Field(
            "case_type",
            "办件类型",
            Kind.CHOICE,
            required=True,
            choices=vocab.CASE_TYPES,
            in_list=True,
            list_filter=True,
        ),
        Field("legal_days", "法定时限", Kind.INT, required=True, in_list=True, help="法定办结时限（工作日）"),
        Field(
            "promise_days", "承诺时限", Kind.INT, required=True, in_list=True, help="承诺办结时限（工作日），即办件为0"
        ),
        Field("charges", "是否收费", Kind.BOOL, in_list=True),
        Field("fee_basis", "收费依据"),
        Field(
            "online",
            "省网上政务服务和电子监察系统",
            Kind.BOOL,
            in_list=True,
            help="该事项在省网上政务服务和电子监察系统中办理",
        ),
        Field("active", "启用", Kind.BOOL, default=True),
    ),
)

HOTLINE_TOPICS = Declaration(
    key="hotline_topic",
    title="热线诉求分类",
    table="hotline_topic",
    display="name",
    natural_key=("name",),
    fields=(
        Field("name", "分类名称", required=True, unique=True, in_list=True, searchable=True, max_length=64),
        Field("parent", "上级分类", in_list=True, max_length=64, help="留空为一级分类"),
        Field("sort", "排序", Kind.INT, default=0),
        Field("active", "启用", Kind.BOOL, default=True, in_list=True),
    ),
)

HOTLINE_LIMITS = Declaration(
    key="hotline_limit",
    title="热线办理时限",
    table="hotline_limit",
    display="appeal_type",
    natural_key=("appeal_type",),
    fields=(
        Field(
            "appeal_type",
            "诉求类型",
            Kind.CHOICE,
            required=True,
            unique=True,
            choices=vocab.APPEAL_TYPES,
            in_list=True,
            list_filter=True,
        ),
        Field("days", "办理时限（工作日）", Kind.INT, required=True, in_list=True),
    ),
)

WEB_COLUMNS = Declaration(
    key="web_column",
    title="网站栏目",
    table="web_column",
    display="name",
    natural_key=("name",),
    fields=(
        Field("name", "栏目名称", required=True, unique=True, in_list=True, searchable=True, max_length=64),
        Field("parent", "上级栏目", in_list=True, max_length=64, help="留空为一级栏目"),
        Field("sort", "排序", Kind.INT, default=0),
        Field("active", "启用", Kind.BOOL, default=True, in_list=True),
    ),
)

USERS = Declaration(
    key="user",
    title="用户",
    table="app_user",
    display="username",
    lookup=("username", "full_name"),
    fields=(
        Field("username", "用户名", required=True, unique=True, in_list=True, searchable=True, max_length=64),
        Field("full_name", "姓名", in_list=True, searchable=True),
        Field("role", "角色", Kind.CHOICE, required=True, choices=vocab.ROLES, in_list=True, list_filter=True),
        Field("unit", "所属单位", Kind.REF, ref="unit", in_list=True, list_filter=True, carry_over=True),
        Field("active", "启用", Kind.BOOL, default=True, in_list=True),
        Field("password_hash", "密码", required=True, secret=True, max_length=255),
    ),
)

CATALOGUES = (UNITS, SERVICE_ITEMS, HOTLINE_TOPICS, HOTLINE_LIMITS, WEB_COLUMNS, USERS)
