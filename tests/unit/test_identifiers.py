"""Tests for ID-number, credit-code, phone and e-mail validation and masking."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import DomainError
from desktop.domain.identifiers import (
    ID_KINDS,
    check_credit_code,
    check_email,
    check_id_number,
    check_phone,
    check_resident_id,
    mask_id,
    mask_phone,
    resident_id_check_char,
)

# --- independent reference implementations (written differently from the module on purpose) -------------------


def ref_resident_check(body17: str) -> str:
    # ISO 7064 MOD 11-2 as the standard states it: weight of position i (counted from the right, check = 1) is 2^(i-1)
    # mod 11, and the check value c satisfies (sum + c) ≡ 1 (mod 11).
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body17))
    c = (12 - total % 11) % 11
    return "X" if c == 10 else str(c)


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def ref_credit_check(body17: str) -> str:
    total = sum(USCC_CHARS.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return USCC_CHARS[-total % 31]


# --- resident ID ------------------------------------------------------------------------------------------------

# The worked example printed in GB 11643-1999 itself.
STANDARD_ID = "11010519491231002X"


def test_standard_example_is_valid():
    assert check_resident_id(STANDARD_ID) == STANDARD_ID
    assert ref_resident_check(STANDARD_ID[:17]) == "X"


def test_standard_example_born_1880_has_right_check_but_is_refused_as_before_1900():
    # GB 11643's second example, 440524188001010014, is born in 1880: its check digit is right, the date rule wins.
    assert resident_id_check_char("44052418800101001") == "4"
    with pytest.raises(DomainError, match="早于1900年"):
        check_resident_id("440524188001010014")


@pytest.mark.parametrize(
    "typed", ["11010519491231002x", " 110105 19491231 002X ", "１１０１０５１９４９１２３１００２Ｘ"]
)
def test_resident_id_is_normalised(typed):
    assert check_resident_id(typed) == STANDARD_ID


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写身份证号码"),
        ("11010519491231002", "长度应为18位，当前为17位"),
        ("110105491231002", "15位旧号码"),
        ("1101051949123100XX", "前17位应全部为数字"),
        ("11010519491231002A", "第18位应为数字或X"),
        ("010105194912310020", "地区码无效"),
        ("910105194912310020", "地区码无效"),
        ("110105198002300010", "出生日期无效：19800230不是真实日期"),
        ("110105198013010010", "出生日期无效"),
        ("110105194912310021", "校验码错误，应为X，当前为1"),
    ],
)
def test_resident_id_errors_say_what_is_wrong(typed, message):
    with pytest.raises(DomainError, match=message):
        check_resident_id(typed)


def test_resident_id_birth_in_the_future_is_refused():
    body = "110105" + "20300101" + "001"
    with pytest.raises(DomainError, match="晚于今天"):
        check_resident_id(body + ref_resident_check(body), today=date(2025, 6, 1))
    assert check_resident_id(body + ref_resident_check(body), today=date(2030, 1, 1)).startswith(body)


def test_error_carries_field_name():
    with pytest.raises(DomainError) as info:
        check_resident_id("123", field="id_number")
    assert info.value.field == "id_number"
    assert str(info.value) == info.value.message


@st.composite
def resident_ids(draw):
    region = draw(st.sampled_from("12345678")) + draw(st.text("0123456789", min_size=5, max_size=5))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date.today()))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    body = region + born.strftime("%Y%m%d") + seq
    return body + ref_resident_check(body)


@given(resident_ids())
def test_any_well_formed_resident_id_passes(value):
    assert check_resident_id(value) == value
    assert check_resident_id(value.lower()) == value


@given(resident_ids(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_changing_one_character_of_a_resident_id_fails(value, pos, new):
    if value[pos] == new:
        return
    with pytest.raises(DomainError):
        check_resident_id(value[:pos] + new + value[pos + 1 :])


# --- unified social credit code -------------------------------------------------------------------------------

PUBLISHED_CODES = [
    "91350100M000100Y43",  # the sample code widely quoted in GB 32100 explanations
    "914403001922038216",  # 华为技术有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
    "91330100799655058B",
]


@pytest.mark.parametrize("code", PUBLISHED_CODES)
def test_published_credit_codes_are_valid(code):
    assert check_credit_code(code) == code
    assert check_credit_code(code.lower()) == code
    assert ref_credit_check(code[:17]) == code[17]


def test_credit_code_departments_beyond_1_5_9_y_are_accepted():
    # Law firms (3 司法行政, 31…), trade unions (8 工会) and rural collectives (N 农业) have real codes.
    for body in ("31430000MD0000001", "81430702MC0000001", "N2430702MF0000001"):
        assert check_credit_code(body + ref_credit_check(body)) == body + ref_credit_check(body)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写统一社会信用代码"),
        ("91350100M000100Y4", "长度应为18位，当前为17位"),
        ("91350100M000I00Y43", "第13位“I”不是有效字符"),
        ("91350100MO00100Y43", "第10位“O”不是有效字符"),
        ("B1350100M000100Y43", "登记管理部门代码"),
        ("9A350100M000100Y43", "机构类别代码"),
        ("9135A100M000100Y43", "行政区划码"),
        ("91350100M000100Y44", "校验码错误，应为3，当前为4"),
    ],
)
def test_credit_code_errors_say_what_is_wrong(typed, message):
    with pytest.raises(DomainError, match=message):
        check_credit_code(typed)


@st.composite
def credit_codes(draw):
    body = (
        draw(st.sampled_from("123456789ANY"))
        + draw(st.sampled_from("0123456789"))
        + draw(st.text("0123456789", min_size=6, max_size=6))
        + draw(st.text(USCC_CHARS, min_size=9, max_size=9))
    )
    return body + ref_credit_check(body)


@given(credit_codes())
def test_any_well_formed_credit_code_passes(code):
    assert check_credit_code(code) == code


@given(credit_codes(), st.integers(0, 17), st.sampled_from(USCC_CHARS))
def test_changing_one_character_of_a_credit_code_fails(code, pos, new):
    if code[pos] == new:
        return
    with pytest.raises(DomainError):
        check_credit_code(code[:pos] + new + code[pos + 1 :])


# --- dispatch on 证件类型 -----------------------------------------------------------------------------------------


def test_id_kinds():
    assert ID_KINDS == (
        "居民身份证",
        "统一社会信用代码",
        "护照",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "其他",
    )


def test_check_id_number_dispatches():
    assert check_id_number("居民身份证", "11010519491231002x") == STANDARD_ID
    assert check_id_number("统一社会信用代码", "91350100m000100y43") == "91350100M000100Y43"
    assert check_id_number("护照", " e1234 5678 ") == "E12345678"
    assert check_id_number("港澳居民来往内地通行证", "H12345678") == "H12345678"
    assert check_id_number("台湾居民来往大陆通行证", "12345678") == "12345678"
    assert check_id_number("其他", "军字第1234号") == "军字第1234号"
    with pytest.raises(DomainError, match="校验码错误"):
        check_id_number("居民身份证", "110105194912310021")


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("护照", "", "请填写护照号码"),
        ("护照", "E12", "4–30个字符，当前为3个"),
        ("其他", "1" * 31, "当前为31个"),
        ("其他", "AB\x00CD", "不可见字符"),
        ("", "E12345678", "请先选择证件类型"),
        ("驾驶证", "E12345678", "未知的证件类型"),
    ],
)
def test_check_id_number_errors(kind, typed, message):
    with pytest.raises(DomainError, match=message):
        check_id_number(kind, typed)


# --- phone ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
        ("0736-7312025", "0736-7312025"),
        ("07367312025", "0736-7312025"),
        ("0736 7312025", "0736-7312025"),
        ("(0736)7312025", "0736-7312025"),
        ("（0736）7312025", "0736-7312025"),
        ("010-62345678", "010-62345678"),
        ("02163213456", "021-63213456"),
        ("021-6321-3456", "021-63213456"),
        ("0736-7312025-8001", "0736-7312025-8001"),
        ("0736-7312025转8001", "0736-7312025-8001"),
        ("12345", "12345"),
        ("110", "110"),
        ("95588", "95588"),
        ("7312345", "7312345"),
        ("63213456", "63213456"),
        ("400-123-4567", "400-123-4567"),
    ],
)
def test_valid_phones_are_normalised(typed, normalised):
    assert check_phone(typed) == normalised


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写电话号码"),
        ("1381234567", "手机号码应为11位，当前为10位"),
        ("138123456789", "手机号码应为11位，当前为12位"),
        ("12812345678", "第2位应为3–9"),
        ("0736-12025", "固定电话号码应为区号加7–8位号码"),
        ("0736-0312025", "固定电话号码"),
        ("138abc45678", "只能包含数字"),
        ("+1 212 555 0100", "只支持中国大陆电话号码"),
        ("12", "电话号码格式不正确"),
        ("7312345-801", "电话号码格式不正确"),
    ],
)
def test_invalid_phones_are_refused(typed, message):
    with pytest.raises(DomainError, match=message):
        check_phone(typed)


@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_any_mobile_number_passes_and_masks(second, rest):
    number = "1" + second + rest
    assert check_phone(number) == number
    assert mask_phone(number) == number[:3] + "****" + number[7:]


# --- e-mail -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("kfq@example.com", "kfq@example.com"),
        (" Zhang.San+gk@Mail.Example.COM.CN ", "Zhang.San+gk@mail.example.com.cn"),
        ("zhangsan＠163.com", "zhangsan@163.com"),
    ],
)
def test_valid_emails(typed, normalised):
    assert check_email(typed) == normalised


@pytest.mark.parametrize(
    "typed", ["kfq", "kfq@", "@example.com", "kfq@example", "k fq@example.com", "a..b@example.com", "a@-x.com"]
)
def test_invalid_emails(typed):
    with pytest.raises(DomainError, match="电子邮箱"):
        check_email(typed)


# --- masks ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0736-7312025", "0736-***2025"),
        ("07367312025", "0736-***2025"),
        ("021-63213456", "021-****3456"),
        ("0736-7312025-8001", "0736-***2025-8001"),
        ("7312345", "***2345"),
        ("12345", "12345"),
        ("400-123-4567", "400-123-4567"),
        ("", ""),
        (None, ""),
        ("abc", "***"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("430702198001011234", "430***********1234"),
        ("91350100M000100Y43", "913***********0Y43"),
        ("E12345678", "E1*****78"),
        ("H1234", "H***4"),
        ("AB", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id(value, masked):
    assert mask_id(value) == masked


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip()))
def test_masks_never_show_more_than_half_and_never_crash(value):
    masked = mask_id(value)
    assert masked.count("*") * 2 >= len(masked)
    mask_phone(value)


def test_born_today_is_accepted_and_born_tomorrow_is_not():
    body = "430702" + date.today().strftime("%Y%m%d") + "123"
    assert check_resident_id(body + ref_resident_check(body))
    tomorrow = date.today() + timedelta(days=1)
    body = "430702" + tomorrow.strftime("%Y%m%d") + "123"
    with pytest.raises(DomainError, match="晚于今天"):
        check_resident_id(body + ref_resident_check(body))
