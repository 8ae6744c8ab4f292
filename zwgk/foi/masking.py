"""Masking applicants' personal data for lists and for staff outside the handling agency.

The handling agency sees the full record on the case page; everywhere else (lists, supervisors,
exports) shows only enough to tell cases apart: 2101**********1234, 139****5678.
"""

from __future__ import annotations

import re


def _keep(text: str, head: int, tail: int) -> str:
    if len(text) <= head + tail:
        return "*" * len(text)
    return text[:head] + "*" * (len(text) - head - tail) + text[-tail:]


def mask_id_number(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) >= 12:
        return _keep(value, 4, 4)
    return _keep(value, 1, 2)


def mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if not digits:
        return ""
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    return _keep(digits, 2, 2)


def mask_email(value: str) -> str:
    local, at, domain = (value or "").partition("@")
    if not at:
        return _keep(local, 1, 0) if local else ""
    return f"{local[:1]}***@{domain}"


def mask_address(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    # The city and district say where without saying who.
    return value[:6] + "****" if len(value) > 6 else value[:2] + "****"


def mask_name(value: str) -> str:
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * min(len(value) - 1, 3)
