"""Made-up but valid people and companies of the zone: Chinese names, resident IDs, credit codes, phones, addresses."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from desktop.domain.identifiers import credit_code_check_char, resident_id_check_char

# Common surnames, the ones frequent in Hunan (向, 覃, 龚, 熊, 皮, 伍) repeated so that they come up more often.
SURNAMES = (
    "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任卢姚沈钟"
    "姜崔谭陆汪范廖石金贾夏付方邹熊龚文向覃伍皮戴易雷万聂严"
    "李王张刘陈杨黄周胡彭曾谭向覃龚熊"
)
MALE_CHARS = "伟强军勇杰涛斌波辉刚健明亮平超华建国志鹏飞宇浩俊峰磊林文武海东兵斌成德胜祥福江河山松柏春云龙"
FEMALE_CHARS = "芳娟敏静丽艳霞玲燕红梅兰英琴秀慧婷雪莉萍琳倩颖洁霞丹凤云月春桂珍华娜佳"
# 武陵区, 鼎城区, 安乡县, 汉寿县, 澧县, 临澧县, 桃源县, 石门县, 津市市: the birth places of most people of the zone.
REGION_CODES = (
    "430702",
    "430702",
    "430703",
    "430703",
    "430703",
    "430721",
    "430722",
    "430723",
    "430724",
    "430725",
    "430726",
    "430781",
)
# Mobile prefixes of the three carriers in 2015 (135–139/150–152/157–159/182–188 移动, 130–132/155/156/185/186
# 联通, 133/153/180/181/189/177 电信).
MOBILE_PREFIXES = (
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "182",
    "183",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "185",
    "186",
    "133",
    "153",
    "180",
    "181",
    "189",
    "177",
    "134",
    "147",
)

STREETS = ("德山街道", "樟木桥街道", "石门桥镇")
ROADS = ("德山大道", "善卷路", "桃林路", "崇德路", "孤峰路", "莲池路", "青山路", "乾明路", "东风路", "玉霞路")
COMMUNITIES = {
    "德山街道": ("青山社区", "莲池社区", "孤峰社区", "乾明寺社区", "崇德社区"),
    "樟木桥街道": ("樟木桥社区", "桃林社区", "梅家山社区", "东风社区"),
    "石门桥镇": ("九龙庵村", "石门桥社区", "枫树岗村", "青峰村", "团结村"),
}
ESTATES = (
    "德山新城",
    "善卷花园",
    "青山小区",
    "莲池花苑",
    "乾明家园",
    "崇德佳苑",
    "桃林小区",
    "东城国际",
    "金色华府",
    "孤峰新村",
)

_BRANDS = (
    "德润",
    "华鑫",
    "金瑞",
    "恒达",
    "宏泰",
    "鑫源",
    "湘北",
    "善卷",
    "沅澧",
    "柳叶",
    "德盛",
    "永安",
    "嘉禾",
    "天成",
    "鼎盛",
    "瑞丰",
    "汇通",
    "博远",
    "中和",
    "新航",
    "盛世",
    "众诚",
    "祥和",
    "泰丰",
    "绿源",
    "长兴",
    "弘毅",
    "凯达",
    "立信",
    "宏图",
    "明珠",
    "锦程",
    "德信",
    "华泰",
    "创新",
    "益民",
    "安达",
    "佳美",
    "远航",
    "恒昌",
)
_TRADES = (
    "机械制造",
    "电子科技",
    "生物医药",
    "新型建材",
    "物流",
    "商贸",
    "房地产开发",
    "建筑工程",
    "食品",
    "纺织",
    "包装材料",
    "汽车零部件",
    "新材料",
    "环保科技",
    "置业",
    "餐饮管理",
    "农业开发",
    "物业管理",
    "装饰工程",
    "机电设备",
    "印务",
    "钢结构",
    "电气",
    "塑胶",
    "信息技术",
)
_FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")
_PREFIXES = ("常德", "常德", "常德市", "湖南", "常德经开区")
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    male: bool


@dataclass(frozen=True)
class Company:
    name: str
    credit_code: str
    phone: str
    contact: str


def person_name(rng: random.Random, male: bool | None = None) -> str:
    if male is None:
        male = rng.random() < 0.5
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = rng.choice(chars) if rng.random() < 0.3 else rng.choice(chars) + rng.choice(chars)
    return rng.choice(SURNAMES) + given


def resident_id(rng: random.Random, male: bool, born_from: int = 1950, born_to: int = 1996) -> str:
    """A valid 18-digit ID: a Changde region code, a real birth date, a sequence whose parity is the sex."""
    start = date(born_from, 1, 1)
    born = start + timedelta(days=rng.randrange((date(born_to, 12, 31) - start).days))
    seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    body = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    """A Changde landline: area code 0736 and a 7-digit number of the 73xxxxx/72xxxxx exchanges of the zone."""
    return f"0736-7{rng.choice('23456789')}{rng.randrange(10**5):05d}"


def person(rng: random.Random) -> Person:
    male = rng.random() < 0.55
    return Person(person_name(rng, male), resident_id(rng, male), mobile(rng), male)


def credit_code(rng: random.Random, sole_trader: bool = False) -> str:
    """A valid 18-character unified social credit code of a company (91…) or sole trader (92…) of Changde."""
    org_body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(c) * w for c, w in zip(org_body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    org = org_body + ("X" if check == 10 else "0" if check == 11 else str(check))
    region = rng.choice(("430702", "430702", "430703", "430700"))
    body = ("92" if sole_trader else "91") + region + org
    return body + credit_code_check_char(body)


def brand(rng: random.Random) -> str:
    """A trade name, as in 德润 of 常德德润机械制造有限公司."""
    return rng.choice(_BRANDS)


def company_name(rng: random.Random) -> str:
    return rng.choice(_PREFIXES) + rng.choice(_BRANDS) + rng.choice(_TRADES) + rng.choice(_FORMS)


def company_pool(rng: random.Random, size: int) -> list[Company]:
    """Distinct companies: the same firms come back to the windows many times a year."""
    seen: set[str] = set()
    out: list[Company] = []
    while len(out) < size:
        name = company_name(rng)
        if name in seen:
            continue
        seen.add(name)
        phone = landline(rng) if rng.random() < 0.35 else mobile(rng)
        out.append(Company(name, credit_code(rng), phone, person_name(rng)))
    return out


def address(rng: random.Random) -> str:
    """An address in the zone: a street number on a main road, a flat in an estate, or a village group."""
    street = rng.choice(STREETS)
    community = rng.choice(COMMUNITIES[street])
    r = rng.random()
    if street == "石门桥镇" and community.endswith("村"):
        return f"{street}{community}{rng.randint(1, 12)}组"
    if r < 0.45:
        return f"{street}{rng.choice(ROADS)}{rng.randint(1, 680)}号"
    if r < 0.85:
        return f"{street}{rng.choice(ESTATES)}{rng.randint(1, 28)}栋{rng.randint(1, 4)}单元"
    return f"{street}{community}"


def staff_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Distinct full names (for window staff and duty operators), not repeating any in `taken`."""
    out: list[str] = []
    while len(out) < count:
        name = person_name(rng)
        if len(name) == 3 and name not in taken:
            taken.add(name)
            out.append(name)
    return out
