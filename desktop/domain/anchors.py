"""A chain head kept outside the database (a backup, a package's manifest, a printed 定稿 report): how it is
printed and typed back. Pure, so that the PDF builder can print it without the storage layer."""

from __future__ import annotations

import re
from typing import NamedTuple

from desktop.domain.errors import DomainError


class Anchor(NamedTuple):
    """A chain head kept outside the file (a backup, a package's manifest, a printed 定稿 report): entry `id`
    had this hash. `hash` may be a prefix (as printed) of at least ANCHOR_MIN_PREFIX hex digits."""

    id: int
    hash: str

    def printed(self) -> str:
        """The short line printed on a 定稿 report and shown after a backup, typed back as `N:hexprefix`."""
        return f"审计链：第{self.id}条 {self.hash[:ANCHOR_PRINTED]}"


ANCHOR_PRINTED = 16  # hex digits printed: 64 bits, beyond any forger's search for a matching rewritten entry
ANCHOR_MIN_PREFIX = 8

_ANCHOR_TEXT = re.compile(r"\s*(?:审计链[：:]\s*)?第?(\d+)(?:\s*条\s*[:：]?\s*|\s*[:：]\s*|\s+)([0-9a-fA-F]+)\s*")


def parse_anchor(text: str) -> Anchor:
    """`N:hexprefix` as printed on a 定稿 report (`第N条 前缀` is taken too)."""
    m = _ANCHOR_TEXT.fullmatch(text or "")
    if m is None or len(m.group(2)) < ANCHOR_MIN_PREFIX or len(m.group(2)) > 64:
        raise DomainError(
            f"审计链头“{text}”格式不对：应为 条数:哈希前缀（至少{ANCHOR_MIN_PREFIX}位），如 1234:3fa2b1c4d5e6f708"
        )
    return Anchor(int(m.group(1)), m.group(2).lower())


__all__ = ["ANCHOR_MIN_PREFIX", "ANCHOR_PRINTED", "Anchor", "parse_anchor"]
