"""Anonymising text for the case library (案例库): nothing that identifies the applicant survives.

Pure module: no Django imports. Two passes: the strings known to belong to the case (the
applicant's name, contact person, address and its parts, e-mail, phone, identity number, the
tracking code) are replaced wherever they appear; then patterns catch what nobody listed
(identity numbers, credit codes, phone numbers, e-mail addresses, tracking codes, street
addresses). A human still reviews the result before it is published: patterns cannot know
every way a person can be identified.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

PERSON: Final = "申请人"
ADDRESS: Final = "（地址略）"
NUMBER: Final = "（号码略）"
CONTACT: Final = "（联系方式略）"
CODE: Final = "（查询码略）"

_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    # E-mail first: its digits would otherwise look like a phone number.
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"), CONTACT),
    # Tracking codes: three groups of four of the Crockford alphabet (tracking_codes.py).
    (re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b"), CODE),
    # Resident identity numbers (18 and the old 15 digits), credit codes (18 characters).
    (re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])"), NUMBER),
    (
        re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"),
        NUMBER,
    ),
    (re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])"), NUMBER),
    # Mobile and landline numbers (0411-83632000, 0411 8363 2000, 139 0411 0001).
    (re.compile(r"(?<!\d)(?:\+?86[\s\-]?)?1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}(?!\d)"), CONTACT),
    (re.compile(r"(?<!\d)0\d{2,3}[\s\-]?\d{7,8}(?:-\d{1,5})?(?!\d)"), CONTACT),
    (re.compile(r"(?<!\d)\d{7,8}(?!\d)"), CONTACT),
    # Street addresses: a road, street or estate followed by a house number.
    (
        re.compile(
            r"[\u4e00-\u9fa5]{0,12}(?:路|街|道|巷|胡同|里|村|小区|花园|公寓|大厦)"
            r"[\u4e00-\u9fa5\d\-]{0,8}?\d+(?:号|弄|栋|幢|单元|室|楼)(?:[\d\-]+(?:号|栋|幢|单元|室|楼))*"
        ),
        ADDRESS,
    ),
)


@dataclass(frozen=True)
class Known:
    """What the case itself says about the applicant."""

    names: tuple[str, ...] = ()  # applicant name, contact person
    addresses: tuple[str, ...] = ()
    others: tuple[str, ...] = field(default_factory=tuple)  # numbers, e-mail, phone, tracking code


def _address_parts(address: str) -> list[str]:
    """The address and its tail without province/city/district, which alone identify no one:
    "辽宁省大连市沙河口区西安路88号" also appears in text as "西安路88号"."""
    parts = [address]
    tail = re.sub(r"^.*?(?:省|自治区)", "", address)
    tail = re.sub(r"^.*?市", "", tail)
    tail = re.sub(r"^.*?(?:区|县)", "", tail)
    if len(tail) >= 4 and tail != address:
        parts.append(tail)
    return parts


def _pseudonym(name: str) -> str:
    # A person becomes 张某; an organisation (a long name) becomes 申请人.
    if 2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fa5]+", name):
        return name[0] + "某"
    return PERSON


def scrub(text: str, known: Known = Known()) -> str:
    out = text or ""
    replacements: list[tuple[str, str]] = []
    for name in known.names:
        if name and len(name.strip()) >= 2:
            replacements.append((name.strip(), _pseudonym(name.strip())))
    for address in known.addresses:
        if address and address.strip():
            replacements += [(part, ADDRESS) for part in _address_parts(address.strip())]
    for other in known.others:
        if other and len(other.strip()) >= 4:
            replacements.append((other.strip(), NUMBER))
    # Longest first: "大连海湾贸易有限公司" before a shorter string inside it.
    for needle, substitute in sorted(replacements, key=lambda r: -len(r[0])):
        out = out.replace(needle, substitute)
    for pattern, substitute in _PATTERNS:
        out = pattern.sub(substitute, out)
    return out


def leaks(text: str, needles: Iterable[str]) -> list[str]:
    """Which of `needles` (the case's personal data) still appear in `text`: the check the
    review step and the tests run."""
    return [n for n in needles if n and len(n) >= 2 and n in text]
