"""Default narratives of both report formats, and the sentences computed from figures that they use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from desktop.report.labels import FORMAT_2021, FORMAT_LEGACY, LEGACY_SECTION_TITLES, SECTION_TITLES
from desktop.report.legacy_text import LEGACY_BLOCKS
from desktop.report.narrative import Narrative, Section, format_figure, is_text_value

DEMO_BODY_NAME = "常德经济技术开发区"
DEMO_SHORT_NAME = "常德经开区"
DEMO_PHONE = "0736-7312025"

BODY_NAME, SHORT_NAME = "机关名称", "机关简称"


def _yuan(value: object) -> str:
    """元 amounts: whole amounts without decimals (`380`), others with two (`12.50`)."""
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_figure(d) if d == d.to_integral_value() else f"{d:.2f}"


def _fee_sentence(f: Mapping[str, object]) -> str:
    notices, notified = int(f["收费通知件数"]), f["收费通知金额元"]
    paid, collected = int(f["实收信息处理费件数"]), f["实收信息处理费元"]
    if notices == 0 and paid == 0:
        return "本年度未发出信息处理费收费通知，未收取信息处理费。"
    sent = f"本年度发出信息处理费收费通知{notices}件、金额{_yuan(notified)}元"
    if paid == 0:
        return sent + "，未收取信息处理费。"
    return sent + f"，实际收取{paid}件、{_yuan(collected)}元。"


def _requests_phrase(f: Mapping[str, object]) -> str:
    received, done = int(f["依申请公开申请数"]), int(f["依申请公开办结数"])
    if received == 0 and done == 0:
        return "未发生依申请公开事件"
    return f"共收到依申请公开申请{received}件，办结{done}件"


def _appeals_phrase(f: Mapping[str, object]) -> str:
    review, suits = int(f["行政复议数"]), int(f["行政诉讼数"])
    if review == 0 and suits == 0:
        return "没有发生行政复议和行政诉讼案"
    return f"发生行政复议案{review}件、行政诉讼案{suits}件"


# Sentences whose wording depends on the figures (a fee paragraph that says “未收取” when nothing was
# collected): name -> (figures it needs, how to write it).
DERIVED: dict[str, tuple[tuple[str, ...], Callable[[Mapping[str, object]], str]]] = {
    "信息处理费情况": (("收费通知件数", "收费通知金额元", "实收信息处理费件数", "实收信息处理费元"), _fee_sentence),
    "依申请公开情况": (("依申请公开申请数", "依申请公开办结数"), _requests_phrase),
    "复议诉讼情况": (("行政复议数", "行政诉讼数"), _appeals_phrase),
}


# Figures no register holds that the templates use: the report's 补充数字, typed in by hand (name -> what it is).
SUPPLEMENTARY: dict[str, str] = {"网站访问量": "政府信息公开专栏全年访问量（次）"}


def text_values(figures: Mapping[str, object], body_name: str = "", short_name: str = "") -> dict[str, object]:
    """Every name a narrative may use: the figures, the derived sentences, 机关名称 and 机关简称."""
    values: dict[str, object] = {k: v for k, v in figures.items() if is_text_value(v)}
    for name, (needs, write) in DERIVED.items():
        if name not in values and all(values.get(n) is not None for n in needs):
            values[name] = write(values)
    if body_name:
        values.setdefault(BODY_NAME, body_name)
    if short_name:
        values.setdefault(SHORT_NAME, short_name)
    return values


def missing_for_derived(name: str, figures: Mapping[str, object]) -> list[str]:
    """The figures a derived sentence still lacks (empty when it is not derived or complete)."""
    needs = DERIVED.get(name, ((), None))[0]
    return [n for n in needs if figures.get(n) is None]


def default_narrative(
    fmt: str = FORMAT_2021,
    body_name: str = DEMO_BODY_NAME,
    short_name: str = DEMO_SHORT_NAME,
    phone: str = DEMO_PHONE,
) -> Narrative:
    """The starting narrative of a new report in `fmt`."""
    if fmt == FORMAT_LEGACY:
        return legacy_narrative(body_name, short_name, phone)
    return official_narrative(body_name, short_name, phone)


def official_narrative(
    body_name: str = DEMO_BODY_NAME, short_name: str = DEMO_SHORT_NAME, phone: str = DEMO_PHONE
) -> Narrative:
    """The 2021 format: six fixed sections, tables in 二/三/四, the 信息处理费 paragraph in 六."""
    contact = f"（电话：{phone}）" if phone else ""
    preface = [
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
        "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，"
        "由{机关名称}编制。本报告所列数据的统计期限自{年度}年1月1日起至{年度}年12月31日止。"
        f"本报告电子版可在{{机关简称}}门户网站查阅或下载。如对本报告有疑问，请与{{机关简称}}办公室联系{contact}。",
    ]
    overview = [
        "（一）主动公开",
        "{年度}年，{机关简称}通过门户网站、政务服务中心公开栏等渠道主动公开政府信息{主动公开条数}条，"
        "电子化率{主动公开电子化率}。其中公开财政资金信息{财政资金公开条数}条，保障性住房、食品药品安全、"
        "征地拆迁等民生领域信息{民生领域公开条数}条。政务服务中心有进驻窗口单位{窗口单位数}家、委托窗口"
        "{委托窗口数}个、窗口工作人员{窗口工作人员数}名，全年受理审批类、服务类、收费类事项{窗口办件数}件，"
        "其中审批类{审批类办件数}件、服务类{服务类办件数}件、收费类{收费类办件数}件，收取各类规费"
        "{窗口收费万元}万元，服务对象满意率{满意率}。",
        "（二）依申请公开",
        "全年新收政府信息公开申请{依申请公开申请数}件，办结{依申请公开办结数}件，具体情况见本报告第三部分。"
        "全年接受政府信息公开咨询{咨询人次}人次，其中电话咨询{电话咨询人次}人次、当面咨询{当面咨询人次}人次、"
        "网上咨询{网上咨询人次}人次。",
        "（三）政府信息管理",
        "严格执行政府信息公开保密审查和发布审核制度，坚持\u201c先审查、后公开\u201d，及时清理、更新已公开信息，"
        "确保公开信息准确、规范。",
        "（四）政府信息公开平台建设",
        "门户网站设栏目{网站栏目数}个、子栏目{网站子栏目数}个。{省网上系统部门数}个部门的{省网上系统事项数}项事项"
        "进入省网上政务服务和电子监察系统办理，全年网上办结{网上办结数}件。政务服务热线全年受理群众诉求"
        "{热线工单数}件，月均{热线月均工单数}件。",
        "（五）监督保障",
        "将政务公开工作纳入单位绩效考核，定期开展督导检查，及时发现和纠正工作中存在的问题。全年收到服务对象"
        "表扬留言{表扬留言数}条。",
    ]
    problems = [
        "本年度政府信息公开工作取得了一定成效，但仍存在公开内容不够全面、政策解读形式较为单一等问题。下一步，"
        "{机关简称}将进一步完善政府信息公开工作机制，加强信息发布审核和公开平台建设，提升政府信息公开的质量和实效。",
    ]
    other = [
        "（一）收取信息处理费情况。依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{信息处理费情况}",
        "（二）落实上级年度政务公开工作要点情况。无。",
        "（三）人大代表建议和政协提案办理结果公开情况。无。",
        "（四）政务公开工作创新情况。无。",
    ]
    blocks = [overview, ["[[表二]]"], ["[[表三]]"], ["[[表四]]"], problems, other]
    return Narrative(
        fmt=FORMAT_2021,
        title="{机关名称}{年度}年政府信息公开工作年度报告",
        body_name=body_name,
        short_name=short_name,
        preface=preface,
        sections=[Section(h, b) for h, b in zip(SECTION_TITLES, blocks, strict=True)],
    )


def legacy_narrative(
    body_name: str = DEMO_BODY_NAME, short_name: str = DEMO_SHORT_NAME, phone: str = DEMO_PHONE
) -> Narrative:
    """The 2015 reference report's text with every register figure replaced by a placeholder."""
    preface = [
        "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和省、市政务公开工作要求，由{机关名称}编制。"
        "全文包括概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息公开咨询处理情况、政府信息公开复议、"
        "诉讼情况，政府信息公开支出和收费情况、以及存在的主要问题和改进措施等。本年度报告可在{机关简称}政务网站上下载。"
        f"如对本年度报告有疑问，请联系：{{机关简称}}办公室电话：{phone}。",
    ]
    return Narrative(
        fmt=FORMAT_LEGACY,
        title="{年度}年度{机关简称}信息公开工作报告",
        body_name=body_name,
        short_name=short_name,
        preface=preface,
        sections=[Section(h, list(b)) for h, b in zip(LEGACY_SECTION_TITLES, LEGACY_BLOCKS, strict=True)],
    )
