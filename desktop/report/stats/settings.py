"""The choices of the statistics that no official text fixes (spec statistics.md §8): each is a `Setting` row with
a named default, printed in the footnotes, so that an office can follow its own city's rule."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from desktop.db.models import Setting
from desktop.db.portable import upsert
from desktop.domain.errors import DomainError
from desktop.registers.worklist import SOON_DAYS

_PREFIX = "统计."
SATISFIED_WIDE, SATISFIED_NARROW = "宽口径", "窄口径"


@dataclass(frozen=True)
class StatsSettings:
    # 满意率: 宽口径 counts 非常满意 + 满意 + 基本满意, 窄口径 only 非常满意 + 满意 (spec §2.3, §3.2: cities differ).
    满意率口径: str = SATISFIED_WIDE
    # 差评 handling deadlines in working days from the rating (the case's 办结 day): 安阳 1, 成都 15, 德州 5.
    差评核实工作日: int = 1
    差评整改工作日: int = 15
    差评反馈工作日: int = 5
    # 即将到期: still open and due within this many working days after the period's end (the home page's rule).
    即将到期工作日: int = SOON_DAYS

    def describe(self) -> list[str]:
        """The settings as footnote lines."""
        return [
            f"满意率按{self.满意率口径}计算（宽口径：非常满意、满意、基本满意；窄口径：非常满意、满意）",
            f"差评处理时限：核实{self.差评核实工作日}个工作日、整改{self.差评整改工作日}个工作日、"
            f"反馈{self.差评反馈工作日}个工作日，自评价（办结）之日起算",
        ]


_DEFAULTS = StatsSettings()


def load_settings() -> StatsSettings:
    stored = {
        key[len(_PREFIX) :]: value
        for key, value in Setting.select(Setting.key, Setting.value).where(Setting.key.startswith(_PREFIX)).tuples()
    }
    values = {}
    for f in fields(StatsSettings):
        if f.name in stored and stored[f.name] != "":
            values[f.name] = int(stored[f.name]) if isinstance(getattr(_DEFAULTS, f.name), int) else stored[f.name]
    return replace(_DEFAULTS, **values)


def save_settings(**changes: object) -> StatsSettings:
    """Validate and store changed settings (the caller checks the role: only 管理员 and 公开办 change them)."""
    current = load_settings()
    for name, value in changes.items():
        if name not in {f.name for f in fields(StatsSettings)}:
            raise DomainError(f"没有名为“{name}”的统计设置")
        if name == "满意率口径" and value not in (SATISFIED_WIDE, SATISFIED_NARROW):
            raise DomainError(f"满意率口径只能是“{SATISFIED_WIDE}”或“{SATISFIED_NARROW}”")
        if isinstance(getattr(_DEFAULTS, name), int) and (not isinstance(value, int) or not 0 <= value <= 60):
            raise DomainError(f"{name}应为0至60之间的整数")
    updated = replace(current, **changes)
    with Setting._meta.database.atomic():
        for name in changes:
            upsert(Setting, Setting.key, key=_PREFIX + name, value=str(getattr(updated, name)))
    return updated
