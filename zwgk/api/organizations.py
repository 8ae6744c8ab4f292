from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from zwgk.api.auth import token_auth
from zwgk.organizations.models import Organization
from zwgk.organizations.profiles import ProfileInput, agency_profile_save, current_profile

router = Router(tags=["机构"])


class OrganizationOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None


@router.get("", response=list[OrganizationOut], summary="机构列表")
def organization_list(request: HttpRequest) -> list[dict]:
    rows = Organization.objects.filter(is_active=True).values(
        "code", "name", "short_name", "kind", "parent__code"
    )
    return [{**r, "parent": r.pop("parent__code")} for r in rows]


# --- agency functions and structure (机构职能, Art. 20 item 2) ----------------------------------
staff = Router(tags=["机构"], auth=token_auth)


class UnitRow(Schema):
    name: str
    duties: str = ""


class LeaderRow(Schema):
    name: str
    post: str
    duties: str = ""


class ProfileIn(Schema):
    functions: str
    internal_units: list[UnitRow] = []
    leaders: list[LeaderRow] = []
    address: str = ""
    hours: str = ""
    phone: str = ""
    email: str = ""


class ProfileOut(ProfileIn):
    organization: str
    version: int
    updated_at: datetime = Field(..., description="本版本保存时间")


def _profile_json(org: Organization) -> dict[str, Any]:
    p = current_profile(org)
    if p is None:
        raise Http404
    return {
        "organization": org.code,
        "version": p.version,
        "updated_at": p.created_at,
        "functions": p.functions,
        "internal_units": p.internal_units,
        "leaders": p.leaders,
        "address": p.address,
        "hours": p.hours,
        "phone": p.phone,
        "email": p.email,
    }


def _active(code: str) -> Organization:
    org = Organization.objects.filter(code=code, is_active=True).first()
    if org is None:
        raise Http404
    return org


@router.get("/{code}/profile", response=ProfileOut, summary="机构职能（公开）")
def profile_get(request: HttpRequest, code: str) -> dict[str, Any]:
    return _profile_json(_active(code))


@staff.put("/{code}/profile", response=ProfileOut, summary="更新机构职能（新增一个版本）")
def profile_put(request: HttpRequest, code: str, payload: ProfileIn) -> dict[str, Any]:
    org = _active(code)
    agency_profile_save(
        actor=request.auth,
        organization=org,
        data=ProfileInput(
            functions=payload.functions,
            internal_units=[r.dict() for r in payload.internal_units],
            leaders=[r.dict() for r in payload.leaders],
            address=payload.address,
            hours=payload.hours,
            phone=payload.phone,
            email=payload.email,
        ),
    )
    return _profile_json(org)
