"""Fixed vocabularies of the registers: roles, statuses, kinds, channels — the exact Chinese labels of the spec."""

ROLE_WINDOW = "窗口人员"
ROLE_HOTLINE = "热线值班员"
ROLE_OFFICE = "公开办"
ROLE_LEADER = "领导"
ROLE_ADMIN = "管理员"
ROLES = (ROLE_WINDOW, ROLE_HOTLINE, ROLE_OFFICE, ROLE_LEADER, ROLE_ADMIN)

UNIT_KINDS = ("进驻窗口单位", "委托窗口", "职能部门", "镇街", "其他")

# 窗口办件
CASE_CATEGORIES = ("审批类", "服务类", "收费类")
CASE_TYPES = ("即办件", "承诺件")
APPLICANT_KINDS = ("个人", "法人或其他组织")
ID_KINDS = ("居民身份证", "统一社会信用代码", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "其他")
CASE_STATUSES = ("收件", "受理", "补齐补正", "挂起", "办结", "不予受理", "退件")
RATINGS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "未评价")
SATISFIED = ("非常满意", "满意", "基本满意")
DISSATISFIED = ("不满意", "非常不满意")

# 咨询与留言
CONTACT_POINTS = ("政务中心窗口", "公开办", "热线", "网站")
CONTACT_CHANNELS = ("当面", "电话", "网上")
CONTACT_TYPES = ("咨询", "表扬", "投诉", "建议")
PRAISE_FORMS = ("表扬信", "锦旗", "留言", "口头")

# 热线工单
HOTLINE_SOURCES = ("电话", "短信", "网络", "信件", "现场")
APPEAL_TYPES = ("咨询", "求助", "投诉", "举报", "建议", "表扬", "其他")
HOTLINE_HANDLING = ("直办", "转办")
HOTLINE_STATUSES = ("待派单", "已派单", "已签收", "已回复", "已回访", "已办结", "退单", "延期", "重办")
SHIFTS = ("白班", "夜班")
# Default 办理时限 per 诉求类型 in working days (spec: editable table; 咨询/求助 3, 投诉/举报/建议 13).
DEFAULT_HOTLINE_LIMITS = {"咨询": 3, "求助": 3, "投诉": 13, "举报": 13, "建议": 13, "表扬": 3, "其他": 5}
DEFAULT_HOTLINE_TOPICS = (
    "拆迁补偿",
    "控违拆违",
    "村（居）财务",
    "惠农补贴",
    "人事",
    "城市管理",
    "社会保障",
    "环境保护",
    "其他",
)

# 依申请公开
REQUEST_CHANNELS = ("当面", "信函（挂号）", "信函（平信）", "网络平台", "电子邮件", "传真", "口头代填")
REQUESTER_KINDS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")  # table 三 columns C1–C6
DELIVERY_FORMS = ("纸质", "电子邮件", "光盘", "自行领取", "其他")
SERVICE_METHODS = ("当面", "邮寄", "电子邮件", "网络平台", "传真", "其他")
FEE_METHODS = ("不收费", "按件", "按量")
REQUEST_STATUSES = ("登记", "补正中", "征求意见中", "已延期", "待缴费", "已办结")

# 主动公开
KEY_AREAS = ("财政资金", "保障性住房", "食品药品安全", "征地拆迁", "行政审批", "人事", "惠农补贴", "其他")
CARRIERS = ("政府网站", "公开栏", "电子屏", "政务新媒体", "新闻媒体", "其他")
DEFAULT_WEB_COLUMNS = ("园区概况", "园区动态", "政务公开", "招商引资", "专业园区", "企业之窗", "办事大厅", "善德文化")

# 规章与行政规范性文件、行政执法决定、复议诉讼
NORMATIVE_KINDS = ("规章", "行政规范性文件")
ENFORCEMENT_KINDS = ("行政许可", "行政处罚", "行政强制", "行政事业性收费")
APPEAL_KINDS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
APPEAL_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")

YES_NO = ("是", "否")
