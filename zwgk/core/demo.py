from typing import Any

from zwgk.core.calendars import calendar_seed
from zwgk.core.packaged_schedules import packaged_years


def load(*, stdout: Any) -> str:
    years = calendar_seed(actor=None)
    covered = packaged_years()
    return f"节假日安排 {covered[0]}–{covered[-1]} 年已就绪（本次补载：{', '.join(map(str, years)) or '无'}）"
