from django.http import HttpRequest
from ninja import Router, Schema

from zwgk.organizations.models import Organization

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
