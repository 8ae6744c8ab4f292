from django.http import HttpRequest
from ninja import Router, Schema

from zwgk.api.auth import token_auth
from zwgk.core.calendars import calendar_year_as_json, calendar_year_replace, parse_schedule
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.permissions import require_admin

public = Router(tags=["节假日"])
staff = Router(tags=["节假日"], auth=token_auth)


class CalendarOut(Schema):
    year: int
    holidays: list[str]
    workdays: list[str]
    provisional: bool


class CalendarIn(Schema):
    holidays: list[str]
    workdays: list[str] = []


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationFailed("年份超出范围。", fields={"year": "2000–2100"})


@public.get("/{int:year}", response=CalendarOut, summary="某年节假日安排")
def calendar_get(request: HttpRequest, year: int) -> dict:
    _check_year(year)
    return calendar_year_as_json(year)


@staff.put("/{int:year}", response=CalendarOut, summary="替换某年节假日安排（管理员）")
def calendar_put(request: HttpRequest, year: int, payload: CalendarIn) -> dict:
    _check_year(year)
    require_admin(request.auth)
    schedule = parse_schedule(year, payload.holidays, payload.workdays)
    calendar_year_replace(actor=request.auth, schedule=schedule, source="api")
    return calendar_year_as_json(year)
