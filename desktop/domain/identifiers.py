"""Validation, normalisation and masking of personal identifiers: ID numbers, credit codes, phones, e-mail."""

import re
import unicodedata
from datetime import date

from desktop.domain.errors import DomainError

RESIDENT_ID = "居民身份证"
CREDIT_CODE = "统一社会信用代码"
ID_KINDS: tuple[str, ...] = (
    RESIDENT_ID,
    CREDIT_CODE,
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "其他",
)

# GB 11643-1999 (ISO 7064 MOD 11-2): weight of each of the 17 body digits, and check char by (sum mod 11).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: 31 characters (no I O Z S V, which are easily confused with 1 0 2 5 U) and the weights 3^i mod 31.
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# 登记管理部门代码. The 2015 text listed 1/5/9/Y; the codes assigned since (2 外交, 3 司法行政 — every law firm is
# 31…, 4 文化, 6 旅游, 7 宗教, 8 工会, A 军队, N 农村集体经济组织) are in real use, so rejecting them would turn
# valid applicants away.
_USCC_DEPARTMENTS = "123456789ANY"

_BASIC_ID_MIN, _BASIC_ID_MAX = 4, 30


def _clean(s: object) -> str:
    """Fold full-width characters typed with a Chinese IME (１２３, ＠, －) to ASCII and drop all whitespace."""
    text = unicodedata.normalize("NFKC", "" if s is None else str(s))
    return "".join(text.split())


def resident_id_check_char(body17: str) -> str:
    """The GB 11643 check character for a 17-digit body."""
    total = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def credit_code_check_char(body17: str) -> str:
    """The GB 32100 check character for a 17-character body."""
    total = sum(_USCC_CHARSET.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARSET[(31 - total % 31) % 31]


def check_resident_id(s: str, *, today: date | None = None, field: str | None = None) -> str:
    """Validate an 18-digit 居民身份证 number and return it normalised (no spaces, upper-case X)."""
    value = _clean(s).upper()
    if not value:
        raise DomainError("请填写身份证号码", field)
    if len(value) != 18:
        hint = "（15位旧号码已停用，请填写18位号码）" if len(value) == 15 else ""
        raise DomainError(f"身份证号码长度应为18位，当前为{len(value)}位{hint}", field)
    body, check = value[:17], value[17]
    if not body.isascii() or not body.isdigit():
        raise DomainError("身份证号码前17位应全部为数字", field)
    if check not in "0123456789X":
        raise DomainError(f"身份证号码第18位应为数字或X，当前为“{check}”", field)
    if body[0] not in "12345678":
        raise DomainError(f"身份证号码地区码无效：首位应为1–8，当前为{body[0]}", field)
    born = body[6:14]
    try:
        birth = date(int(born[:4]), int(born[4:6]), int(born[6:]))
    except ValueError:
        raise DomainError(f"身份证号码中的出生日期无效：{born}不是真实日期", field) from None
    if birth.year < 1900:
        raise DomainError(f"身份证号码中的出生日期无效：{born}早于1900年", field)
    if birth > (today or date.today()):
        raise DomainError(f"身份证号码中的出生日期无效：{born}晚于今天", field)
    expected = resident_id_check_char(body)
    if check != expected:
        raise DomainError(f"身份证号码校验码错误，应为{expected}，当前为{check}，请核对号码", field)
    return value


def check_credit_code(s: str, *, field: str | None = None) -> str:
    """Validate an 18-character 统一社会信用代码 and return it normalised (no spaces, upper case)."""
    value = _clean(s).upper()
    if not value:
        raise DomainError("请填写统一社会信用代码", field)
    if len(value) != 18:
        raise DomainError(f"统一社会信用代码长度应为18位，当前为{len(value)}位", field)
    for pos, c in enumerate(value, start=1):
        if c not in _USCC_CHARSET:
            raise DomainError(
                f"统一社会信用代码第{pos}位“{c}”不是有效字符（只用数字和大写字母，不用I、O、Z、S、V）", field
            )
    if value[0] not in _USCC_DEPARTMENTS:
        raise DomainError(f"统一社会信用代码第1位（登记管理部门代码）“{value[0]}”无效", field)
    if not value[1].isdigit():
        raise DomainError(f"统一社会信用代码第2位（机构类别代码）应为数字，当前为“{value[1]}”", field)
    if not value[2:8].isdigit():
        raise DomainError("统一社会信用代码第3–8位（行政区划码）应全部为数字", field)
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise DomainError(f"统一社会信用代码校验码错误，应为{expected}，当前为{value[17]}，请核对代码", field)
    return value


def _check_basic_id(kind: str, s: str, field: str | None) -> str:
    # Passports and travel permits have no public check digit; only catch empty, truncated or garbled input.
    value = _clean(s).upper()
    if not value:
        raise DomainError(f"请填写{kind}号码", field)
    if not _BASIC_ID_MIN <= len(value) <= _BASIC_ID_MAX:
        raise DomainError(f"{kind}号码长度应为{_BASIC_ID_MIN}–{_BASIC_ID_MAX}个字符，当前为{len(value)}个", field)
    if not value.isprintable():
        raise DomainError(f"{kind}号码含有不可见字符", field)
    return value


def check_id_number(kind: str, s: str, *, field: str | None = None) -> str:
    """Validate an identification number according to its 证件类型 (one of ID_KINDS) and return it normalised."""
    if kind == RESIDENT_ID:
        return check_resident_id(s, field=field)
    if kind == CREDIT_CODE:
        return check_credit_code(s, field=field)
    if kind in ID_KINDS:
        return _check_basic_id(kind, s, field)
    if not kind:
        raise DomainError("请先选择证件类型", field)
    raise DomainError(f"未知的证件类型“{kind}”，应为：{'、'.join(ID_KINDS)}", field)


# Beijing (010) and the big cities 020–029 have 3-digit area codes; every other area code has 4 digits. Knowing
# this lets "07367312025" be split without a dash. Local subscriber numbers never start with 0 or 1.
_LANDLINE = re.compile(r"(0(?:[12]\d|[3-9]\d{2}))([2-9]\d{6,7})")
_EXTENSION = re.compile(r"(?:-|转|EXT\.?|X)(\d{1,6})$", re.IGNORECASE)
_PHONE_HINT = "应为11位手机号、带区号的固定电话（如0736-7312025）或服务号码（如12345）"


def check_phone(s: str, *, field: str | None = None) -> str:
    """Validate a phone number; return mobiles as 11 digits, landlines as 0736-7312025[-ext], others as digits."""
    raw = _clean(s)
    if not raw:
        raise DomainError("请填写电话号码", field)
    # "(0736)7312025" is a common way of writing the area code.
    text = re.sub(r"^\((0\d{2,3})\)", r"\1-", raw)
    ext = ""
    m = _EXTENSION.search(text)
    if m and _LANDLINE.fullmatch(re.sub(r"\D", "", text[: m.start()])):
        # A trailing "-1234" is an extension only when the number is complete without it: "021-6321-3456" is
        # one number written in groups, "0736-7312025-8001" has extension 8001.
        if m.group(0)[0] != "-" or not _LANDLINE.fullmatch(re.sub(r"\D", "", text)):
            ext, text = m.group(1), text[: m.start()]
    if re.search(r"[^\d+\-]", text) or "+" in text[1:]:
        raise DomainError("电话号码只能包含数字、空格、短横线和开头的+号", field)
    digits = text.replace("-", "").lstrip("+")
    if text.startswith("+") and not digits.startswith("86"):
        raise DomainError("只支持中国大陆电话号码（+86）", field)
    # Country code written as +86, 0086 or 86 in front of a mobile number.
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[len(prefix)] == "1":
            digits = digits[len(prefix) :]
            break

    if digits.startswith("0"):
        landline = _LANDLINE.fullmatch(digits)
        if landline is None:
            raise DomainError("固定电话号码应为区号加7–8位号码，如0736-7312025", field)
        normalised = f"{landline.group(1)}-{landline.group(2)}"
        return f"{normalised}-{ext}" if ext else normalised
    if re.fullmatch(r"[48]00\d{7}", digits):
        # Nationwide 400/800 hotlines, common for companies.
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if digits.startswith("1") and len(digits) > 6:
        if len(digits) != 11:
            raise DomainError(f"手机号码应为11位，当前为{len(digits)}位", field)
        if digits[1] not in "3456789":
            raise DomainError("手机号码格式不正确：第2位应为3–9", field)
        return digits
    if 3 <= len(digits) <= 6 and digits[0] != "0":
        return digits  # 110, 12345, 95588 …
    if len(digits) in (7, 8) and digits[0] in "23456789":
        return digits  # local number typed without the area code
    raise DomainError(f"电话号码格式不正确：{_PHONE_HINT}", field)


_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)


def check_email(s: str, *, field: str | None = None) -> str:
    """Validate an e-mail address and return it with surrounding spaces removed and the domain in lower case."""
    # Only trim: a space inside an address is a typo to report, not something to silently join up.
    value = unicodedata.normalize("NFKC", "" if s is None else str(s)).strip()
    if not value:
        raise DomainError("请填写电子邮箱", field)
    m = _EMAIL.fullmatch(value)
    if m is None or len(value) > 254 or len(m.group("local")) > 64:
        raise DomainError("电子邮箱格式不正确，应如 name@example.com", field)
    return f"{m.group('local')}@{m.group('domain').lower()}"


def _mask_middle(value: str, head: int, tail: int) -> str:
    # Never reveal more than half of a short value: a 9-character passport number keeps 2 + 2, not 3 + 4.
    n = len(value)
    head, tail = min(head, n // 4), min(tail, n // 4)
    return value[:head] + "*" * (n - head - tail) + value[n - tail :]


def mask_id(s: str | None) -> str:
    """Mask an identification number for lists and exports: first 3 and last 4 shown, e.g. 430***********1234."""
    value = _clean(s)
    return _mask_middle(value, 3, 4) if value else ""


def mask_phone(s: str | None) -> str:
    """Mask a phone number: 138****5678, 0736-***2025; public service numbers such as 12345 are shown as is."""
    value = _clean(s)
    if not value:
        return ""
    try:
        phone = check_phone(value)
    except DomainError:
        return _mask_middle(value, 3, 4)
    if phone.startswith("0"):
        area, number, *ext = phone.split("-")
        return "-".join([area, "*" * (len(number) - 4) + number[-4:], *ext])
    if len(phone) == 11:
        return phone[:3] + "****" + phone[7:]
    if len(phone) <= 6 or "-" in phone:
        return phone  # 12345, 400-… are public numbers, not personal data
    return "*" * (len(phone) - 4) + phone[-4:]
