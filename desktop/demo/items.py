"""The demo's units and service items: who sits in the service center and what each window handles."""

from __future__ import annotations

from typing import NamedTuple

WINDOW, ENTRUSTED, DEPARTMENT, TOWN, OTHER = "进驻窗口单位", "委托窗口", "职能部门", "镇街", "其他"


class UnitSpec(NamedTuple):
    name: str
    code: str
    kind: str
    staff: int = 0


# 13 window units + 1 entrusted window carry the 39 staff of the report; with the land exchange center, the
# departments and the towns they are the "全区36家单位" called to the meeting.
UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("区工商分局", "GS", WINDOW, 4),
    UnitSpec("区环保分局", "HB", WINDOW, 2),
    UnitSpec("区规划分局", "GH", WINDOW, 3),
    UnitSpec("区国土分局", "GT", WINDOW, 3),
    UnitSpec("区建设局", "JS", WINDOW, 3),
    UnitSpec("区消防大队", "XF", WINDOW, 2),
    UnitSpec("区绿化处", "LH", WINDOW, 2),
    UnitSpec("区劳动保障所", "LB", WINDOW, 4),
    UnitSpec("区供水公司", "GSH", WINDOW, 3),
    UnitSpec("区供电局", "GD", WINDOW, 3),
    UnitSpec("区房管局", "FG", WINDOW, 4),
    UnitSpec("区住房保障中心", "ZB", WINDOW, 2),
    UnitSpec("区收费管理所", "SF", WINDOW, 2),
    UnitSpec("市直部门委托窗口", "WT", ENTRUSTED, 2),
    UnitSpec("区地产交易中心", "DC", OTHER, 3),
    UnitSpec("区办公室", "BGS", DEPARTMENT),
    UnitSpec("区财政局", "CZJ", DEPARTMENT),
    UnitSpec("区监察审计局", "JCSJ", DEPARTMENT),
    UnitSpec("区投资促进中心（招商局）", "TCZX", DEPARTMENT),
    UnitSpec("区人力资源和社会保障局", "RSJ", DEPARTMENT),
    UnitSpec("区城市管理局", "CGJ", DEPARTMENT),
    UnitSpec("区经济发展局", "JFJ", DEPARTMENT),
    UnitSpec("区社会事务局", "SWJ", DEPARTMENT),
    UnitSpec("区组织人事部", "ZZB", DEPARTMENT),
    UnitSpec("区宣传统战部", "XCB", DEPARTMENT),
    UnitSpec("区安全生产监督管理局", "AJJ", DEPARTMENT),
    UnitSpec("区卫生和计划生育局", "WJJ", DEPARTMENT),
    UnitSpec("区征地拆迁办公室", "ZCB", DEPARTMENT),
    UnitSpec("区食品药品监督管理分局", "SYJ", DEPARTMENT),
    UnitSpec("公安经开分局", "GAFJ", DEPARTMENT),
    UnitSpec("区国税分局", "GSFJ", DEPARTMENT),
    UnitSpec("区地税分局", "DSFJ", DEPARTMENT),
    UnitSpec("区邮政局", "YZJ", DEPARTMENT),
    UnitSpec("石门桥镇", "SMQ", TOWN),
    UnitSpec("德山街道", "DSJD", TOWN),
    UnitSpec("樟木桥街道", "ZMQ", TOWN),
)


class ItemSpec(NamedTuple):
    """A service item; `weight` is about how many cases a year the window sees (0: handled outside the center),
    `corp` the share of applicants that are companies, `fee` a key of FEES for 收费类 items."""

    unit: str
    name: str
    category: str
    legal: int
    promise: int
    weight: int
    corp: float
    online: bool = True
    fee: str | None = None
    active: bool = True


A, S, C = "审批类", "服务类", "收费类"


def _items(unit: str, *rows: tuple) -> list[ItemSpec]:
    return [ItemSpec(unit, *row) for row in rows]


# 106 items of 20 units are handled in the provincial online system (online=True), as the report says.
ITEMS: tuple[ItemSpec, ...] = tuple(
    _items(
        "GS",
        ("内资企业设立登记", A, 15, 3, 420, 1.0),
        ("内资企业变更登记", A, 15, 3, 520, 1.0),
        ("内资企业注销登记", A, 15, 5, 120, 1.0),
        ("分公司设立登记", A, 15, 3, 60, 1.0),
        ("企业名称预先核准", A, 10, 0, 480, 0.3),
        ("个体工商户设立登记", A, 15, 0, 520, 0.0),
        ("个体工商户变更登记", A, 15, 0, 160, 0.0),
        ("个体工商户注销登记", A, 15, 0, 70, 0.0),
        ("农民专业合作社设立登记", A, 15, 5, 25, 0.2),
        ("动产抵押登记", S, 5, 0, 40, 1.0),
        ("企业登记档案查询", S, 5, 0, 160, 0.7, False),
        ("营业执照遗失补领", S, 15, 3, 45, 0.9, False),
        ("企业年度检验", A, 20, 5, 0, 1.0, False, None, False),
    )
    + _items(
        "HB",
        ("建设项目环境影响报告书审批", A, 60, 30, 12, 1.0),
        ("建设项目环境影响报告表审批", A, 30, 15, 70, 1.0),
        ("建设项目环境影响登记表备案", S, 15, 5, 80, 1.0),
        ("建设项目竣工环境保护验收", A, 30, 15, 45, 1.0),
        ("排污许可证核发", A, 20, 10, 25, 1.0),
        ("危险废物转移计划审批", A, 20, 10, 12, 1.0),
        ("排污费征收", C, 5, 0, 30, 1.0, False, "排污费"),
    )
    + _items(
        "GH",
        ("建设项目选址意见书核发", A, 20, 10, 40, 1.0),
        ("建设用地规划许可证核发", A, 20, 10, 60, 1.0),
        ("建设工程规划许可证核发", A, 20, 10, 110, 0.9),
        ("乡村建设规划许可证核发", A, 20, 10, 90, 0.0),
        ("规划条件核定", S, 20, 10, 40, 1.0),
        ("建设工程规划放线验线", S, 10, 3, 60, 1.0),
        ("建设工程规划条件核实", A, 20, 10, 50, 1.0),
    )
    + _items(
        "GT",
        ("建设项目用地预审", A, 20, 10, 35, 1.0),
        ("国有建设用地使用权划拨审批", A, 20, 15, 15, 1.0),
        ("临时用地审批", A, 20, 10, 20, 1.0),
        ("农村村民宅基地审批", A, 20, 15, 110, 0.0),
        ("土地使用权初始登记", A, 30, 15, 60, 0.8),
        ("土地使用权变更登记", A, 30, 10, 160, 0.4),
        ("土地抵押权登记", A, 30, 5, 140, 0.6),
        ("土地使用权注销登记", S, 30, 5, 40, 0.5),
        ("土地登记费征收", C, 5, 0, 120, 0.5, False, "土地登记费"),
    )
    + _items(
        "JS",
        ("建筑工程施工许可证核发", A, 15, 7, 130, 1.0),
        ("建设工程质量监督注册", S, 5, 3, 150, 1.0),
        ("建设工程安全监督备案", S, 5, 3, 150, 1.0),
        ("施工图设计文件审查备案", S, 10, 5, 120, 1.0),
        ("建设工程竣工验收备案", A, 15, 5, 110, 1.0),
        ("建设工程招标投标备案", S, 5, 3, 150, 1.0),
        ("城市建筑垃圾处置核准", A, 20, 5, 45, 1.0),
        ("建筑业企业资质（三级）初审", A, 20, 15, 45, 1.0),
    )
    + _items(
        "XF",
        ("建设工程消防设计审核", A, 20, 10, 70, 1.0),
        ("建设工程消防设计备案", S, 5, 3, 80, 1.0),
        ("建设工程消防验收", A, 20, 10, 60, 1.0),
        ("建设工程竣工验收消防备案", S, 5, 3, 80, 1.0),
        ("公众聚集场所投入使用、营业前消防安全检查", A, 10, 5, 60, 0.6),
    )
    + _items(
        "LH",
        ("临时占用城市绿地审批", A, 20, 5, 25, 0.8),
        ("砍伐、迁移城市树木审批", A, 20, 5, 30, 0.6),
        ("建设工程附属绿化工程设计方案审查", A, 20, 10, 35, 1.0),
        ("附属绿化工程竣工验收", S, 15, 5, 30, 1.0),
        ("绿化补偿费征收", C, 5, 0, 30, 1.0, False, "绿化补偿费"),
    )
    + _items(
        "LB",
        ("就业失业登记证办理", S, 5, 0, 520, 0.0),
        ("单位社会保险登记", A, 15, 0, 150, 1.0),
        ("城乡居民养老保险参保登记", S, 5, 0, 600, 0.0),
        ("灵活就业人员养老保险参保登记", S, 5, 0, 380, 0.0),
        ("职工退休申报", A, 20, 10, 220, 0.7),
        ("工伤认定申请受理", A, 60, 30, 60, 0.6),
        ("劳动用工备案", S, 5, 0, 260, 1.0),
        ("社会保险关系转移接续", S, 15, 5, 260, 0.0, False),
        ("社会保障卡申领及信息变更", S, 5, 0, 420, 0.0, False),
        ("养老保险待遇领取资格认证", S, 5, 0, 200, 0.0, False),
    )
    + _items(
        "GSH",
        ("居民用水报装", S, 10, 5, 260, 0.0),
        ("非居民用水报装", S, 15, 7, 80, 1.0),
        ("用水户名过户", S, 5, 0, 220, 0.2),
        ("水表移位、改装", S, 10, 5, 60, 0.3),
    )
    + _items(
        "GD",
        ("低压居民新装用电", S, 10, 3, 330, 0.0),
        ("低压非居民新装用电", S, 10, 5, 110, 1.0),
        ("高压新装、增容用电", S, 30, 15, 40, 1.0),
        ("用电更名、过户", S, 5, 0, 170, 0.3),
        ("电费票据补打", S, 1, 0, 120, 0.4, False),
    )
    + _items(
        "FG",
        ("商品房预售许可", A, 20, 10, 30, 1.0),
        ("房屋所有权初始登记", A, 30, 15, 40, 1.0),
        ("房屋所有权转移登记", A, 30, 7, 520, 0.05),
        ("房屋抵押权设立登记", A, 30, 5, 360, 0.05),
        ("房屋所有权变更登记", A, 30, 7, 60, 0.1),
        ("房屋抵押权注销登记", S, 30, 3, 150, 0.05),
        ("商品房买卖合同备案", S, 5, 0, 380, 0.05),
        ("房屋权属证明查询", S, 1, 0, 260, 0.1, False),
        ("房屋登记费征收", C, 5, 0, 650, 0.05, False, "房屋登记费"),
    )
    + _items(
        "ZB",
        ("公共租赁住房申请审核", A, 30, 20, 160, 0.0),
        ("廉租住房租赁补贴申请", A, 30, 20, 80, 0.0),
        ("经济适用住房购买资格审核", A, 30, 20, 30, 0.0),
        ("保障性住房资格年审", S, 20, 10, 110, 0.0),
        ("棚户区改造安置资格审核", A, 30, 20, 40, 0.0),
    )
    + _items(
        "SF",
        ("城市基础设施配套费征收", C, 5, 0, 110, 1.0, True, "配套费"),
        ("新型墙体材料专项基金征收", C, 5, 0, 100, 1.0, True, "墙改基金"),
        ("散装水泥专项资金征收", C, 5, 0, 100, 1.0, True, "散装水泥"),
        ("防空地下室易地建设费征收", C, 5, 0, 60, 1.0, False, "人防"),
        ("白蚁防治费征收", C, 5, 0, 90, 1.0, False, "白蚁"),
        ("城市道路挖掘修复费征收", C, 5, 0, 40, 1.0, False, "道路"),
    )
    + _items(
        "WT",
        ("组织机构代码证办理", S, 5, 0, 140, 1.0),
        ("特种设备使用登记", A, 15, 5, 60, 1.0),
        ("道路运输经营许可", A, 20, 10, 40, 0.7),
        ("计量器具强制检定申请", S, 10, 5, 60, 1.0),
    )
    + _items(
        "DC",
        ("国有建设用地使用权招标拍卖挂牌出让", S, 30, 20, 30, 1.0),
        ("国有建设用地使用权转让交易", S, 20, 10, 40, 0.8),
        ("土地交易信息发布", S, 5, 3, 30, 1.0),
        ("土地交易鉴证", S, 10, 5, 30, 0.8),
        ("土地交易服务费征收", C, 5, 0, 40, 0.9, False, "交易服务费"),
    )
    # Departments outside the center: their items are in the online system, their cases are not kept here.
    + _items(
        "JFJ",
        ("企业投资项目备案", A, 5, 3, 0, 1.0),
        ("企业投资项目核准", A, 20, 15, 0, 1.0),
        ("固定资产投资项目节能评估审查", A, 15, 10, 0, 1.0),
        ("农机购置补贴审核", S, 20, 10, 0, 0.0),
        ("粮食收购资格许可", A, 15, 10, 0, 1.0),
    )
    + _items(
        "SWJ",
        ("城乡最低生活保障审批", A, 30, 20, 0, 0.0),
        ("医疗救助审批", A, 20, 10, 0, 0.0),
        ("临时救助审批", A, 10, 5, 0, 0.0),
        ("高龄老人津贴申领", S, 20, 10, 0, 0.0),
        ("残疾人两项补贴申领", S, 20, 10, 0, 0.0),
    )
    + _items(
        "RSJ",
        ("人力资源服务许可", A, 20, 15, 0, 1.0),
        ("劳务派遣经营许可", A, 20, 15, 0, 1.0),
        ("特殊工时工作制审批", A, 20, 10, 0, 1.0),
    )
    + _items(
        "CGJ",
        ("户外广告设施设置审批", A, 20, 7, 0, 1.0),
        ("临时占用城市道路审批", A, 20, 5, 0, 0.5),
        ("挖掘城市道路审批", A, 20, 5, 0, 1.0),
        ("城市排水许可", A, 20, 10, 0, 1.0),
    )
    + _items(
        "WJJ",
        ("再生育一个子女审批", A, 30, 20, 0, 0.0),
        ("医疗机构设置审批", A, 30, 20, 0, 1.0),
        ("公共场所卫生许可", A, 20, 10, 0, 0.8),
    )
)


class FeeSpec(NamedTuple):
    """How a fee is charged: its legal basis, its mean amount in 元 and whether it scales to the year's total
    (area-based charges do; fixed per-case charges such as the housing registration fee do not)."""

    basis: str
    mean: float
    scaled: bool = True


FEES: dict[str, FeeSpec] = {
    "配套费": FeeSpec("《湖南省城市基础设施配套费征收管理办法》；按建设工程建筑面积计征", 45_000),
    "墙改基金": FeeSpec("《湖南省发展新型墙体材料条例》；按建筑面积预缴，竣工验收后按规定返退", 12_000),
    "散装水泥": FeeSpec("《湖南省促进散装水泥发展条例》；按建筑面积计征", 4_500),
    "人防": FeeSpec(
        "《中华人民共和国人民防空法》《湖南省实施〈中华人民共和国人民防空法〉办法》；应建未建防空地下室的"
        "按应建面积缴纳",
        25_000,
    ),
    "白蚁": FeeSpec("《城市房屋白蚁防治管理规定》；按新建房屋建筑面积收取", 2_500),
    "道路": FeeSpec("《城市道路管理条例》；按挖掘面积和路面结构计收修复费", 15_000),
    "排污费": FeeSpec("《排污费征收使用管理条例》；按排放污染物的种类、数量计征", 8_000),
    "土地登记费": FeeSpec("国家计委、财政部核定的土地登记收费标准；按宗地面积分档计收", 1_500),
    "绿化补偿费": FeeSpec("《城市绿化条例》《湖南省实施〈城市绿化条例〉办法》；按占用绿地面积和期限计收", 12_000),
    "交易服务费": FeeSpec("省物价局核定的土地交易服务收费标准；按成交价分档累进计收", 12_000),
    "房屋登记费": FeeSpec(
        "《国家发展改革委 财政部关于规范房屋登记费计费方式和收费标准等有关问题的通知》；住房每件80元，非住房每件550元",
        0,
        scaled=False,
    ),
}
