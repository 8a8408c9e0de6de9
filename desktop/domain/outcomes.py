"""The 21 outcomes of a disclosure request (the leaf rows of table 三) with their usual legal basis."""

from __future__ import annotations

import re
from typing import NamedTuple


class Outcome(NamedTuple):
    key: str  # the table-三 row key (spec §10)
    group: str  # level-2 label of table 三, e.g. （三）不予公开
    leaf: str | None  # level-3 label, e.g. 1.属于国家秘密; None for （一）（二）
    basis: str  # default legal basis text for the reply

    @property
    def choice(self) -> str:
        """The value stored in the register and shown in lists: （三）1.属于国家秘密, （一）予以公开."""
        if self.leaf is None:
            return self.group.split("（区分处理")[0]
        return self.group[:3] + self.leaf


_G3, _G4, _G5, _G6 = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
OUTCOMES: tuple[Outcome, ...] = (
    Outcome("r1_open", "（一）予以公开", None, "《中华人民共和国政府信息公开条例》第三十六条第（一）、（二）项"),
    Outcome("r2_partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, "《条例》第三十七条"),
    Outcome("r3_1", _G3, "1.属于国家秘密", "《条例》第十四条"),
    Outcome("r3_2", _G3, "2.其他法律行政法规禁止公开", "《条例》第十四条"),
    Outcome("r3_3", _G3, "3.危及\u201c三安全一稳定\u201d", "《条例》第十四条"),
    Outcome("r3_4", _G3, "4.保护第三方合法权益", "《条例》第十五条、第三十二条"),
    Outcome("r3_5", _G3, "5.属于三类内部事务信息", "《条例》第十六条第一款"),
    Outcome("r3_6", _G3, "6.属于四类过程性信息", "《条例》第十六条第二款"),
    Outcome("r3_7", _G3, "7.属于行政执法案卷", "《条例》第十六条第二款"),
    Outcome("r3_8", _G3, "8.属于行政查询事项", "《条例》第三十六条第（七）项"),
    Outcome("r4_1", _G4, "1.本机关不掌握相关政府信息", "《条例》第三十六条第（四）、（五）项"),
    Outcome("r4_2", _G4, "2.没有现成信息需要另行制作", "《条例》第三十八条"),
    Outcome("r4_3", _G4, "3.补正后申请内容仍不明确", "《条例》第三十条"),
    Outcome("r5_1", _G5, "1.信访举报投诉类申请", "《条例》第三十九条第一款"),
    Outcome("r5_2", _G5, "2.重复申请", "《条例》第三十六条第（六）项"),
    Outcome("r5_3", _G5, "3.要求提供公开出版物", "《条例》第三十九条第二款"),
    Outcome("r5_4", _G5, "4.无正当理由大量反复申请", "《条例》第三十五条"),
    Outcome("r5_5", _G5, "5.要求行政机关确认或重新出具已获取信息", "《条例》第三十六条"),
    Outcome("r6_1", _G6, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "《条例》第三十条"),
    Outcome(
        "r6_2",
        _G6,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "《政府信息公开信息处理费管理办法》",
    ),
    Outcome("r6_3", _G6, "3.其他", ""),
)
OUTCOME_CHOICES = tuple(o.choice for o in OUTCOMES)
OUTCOME_GROUPS = tuple(dict.fromkeys(o.group for o in OUTCOMES))
BY_CHOICE = {o.choice: o for o in OUTCOMES}
BY_KEY = {o.key: o for o in OUTCOMES}

_NUMBER = re.compile(r"^\d+[.．、]")


def _bare(text: str) -> str:
    text = re.sub(r"\s+", "", text).replace('"', "").replace("\u201c", "").replace("\u201d", "")
    text = re.sub(r"^（[一二三四五六七]）", "", text)
    return _NUMBER.sub("", text)


def find_outcome(text: str) -> Outcome | None:
    """Read an outcome as a person writes it in a file: the leaf label as printed in table 三, with or without
    its number or group (`予以公开`, `部分公开`, `属于国家秘密`, `3.补正后申请内容仍不明确`, `其他` = （六）3)."""
    if not text:
        return None
    text = text.strip()
    if text in BY_CHOICE:
        return BY_CHOICE[text]
    if text in BY_KEY:
        return BY_KEY[text]
    bare = _bare(text)
    for o in OUTCOMES:
        # A group label alone (不予公开) is ambiguous: only （一）and（二）have no leaf below them.
        names = {_bare(o.choice), _bare(o.leaf) if o.leaf else _bare(o.group)}
        if bare in names:
            return o
    return None
