from typing import Any

from zwgk.core.calendars import calendar_seed


def load(*, stdout: Any) -> str:
    years = calendar_seed(actor=None)
    return f"节假日安排 2019–2026 年已就绪（本次补载：{', '.join(map(str, years)) or '无'}）"
