"""Which key elements a guide lacks (RULES §5.1: "services missing key guide elements" fail a
site). The inspection names 名称、依据、条件、材料、地点、时间、电话、流程; decision 0027 says what
fills each one, since the indicator names them without defining them."""

from __future__ import annotations

from typing import Protocol

from zwgk.services.models import KeyElement


class GuideText(Protocol):
    name: str
    legal_basis: str
    conditions: str
    procedure: str
    promised_limit: int | None
    statutory_limit: int | None
    window_address: str
    office_hours: str
    online_url: str
    contact_phone: str


def missing_elements(text: GuideText, *, materials: int) -> list[KeyElement]:
    """The key elements `text` lacks, in the inspection's order.

    地点: a window address, or an online link for an item handled wholly online.
    时间: a time limit (promised or statutory) and, when there is a window, its opening hours.
    材料: at least one material (an item that needs none says so as a material: “无需提交材料”).
    """

    def filled(value: str) -> bool:
        return bool(value and value.strip())

    has_window = filled(text.window_address)
    has_limit = text.promised_limit is not None or text.statutory_limit is not None
    present = {
        KeyElement.NAME: filled(text.name),
        KeyElement.BASIS: filled(text.legal_basis),
        KeyElement.CONDITIONS: filled(text.conditions),
        KeyElement.MATERIALS: materials > 0,
        KeyElement.PLACE: has_window or filled(text.online_url),
        KeyElement.TIME: has_limit and (filled(text.office_hours) or not has_window),
        KeyElement.PHONE: filled(text.contact_phone),
        KeyElement.PROCEDURE: filled(text.procedure),
    }
    return [element for element in KeyElement if not present[element]]
