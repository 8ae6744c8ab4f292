"""Applicants and cases with realistic Chinese data, built through the services (never the ORM)."""

from __future__ import annotations

from datetime import date

import factory

from zwgk.foi import services
from zwgk.foi.models import ApplicantType, Channel

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    """A resident identity number with its GB 11643 check character."""
    total = sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True))
    return body17 + "10X98765432"[total % 11]


class ApplicantFactory(factory.Factory):
    class Meta:
        model = services.ApplicantData

    type = ApplicantType.NATURAL_PERSON
    name = factory.Iterator(["张明", "李华", "王秀英", "刘建国", "陈晓燕"])
    id_type = "resident_id"
    id_number = factory.Sequence(lambda n: resident_id(f"21020219800101{n % 1000:03d}"))
    phone = factory.Sequence(lambda n: f"139{n % 100000000:08d}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.cn")
    address = "辽宁省大连市中山区人民路10号"
    postcode = "116001"


class OrganizationApplicantFactory(ApplicantFactory):
    type = ApplicantType.COMMERCIAL_ENTERPRISE
    name = "大连海湾贸易有限公司"
    id_type = "credit_code"
    id_number = "91210200MA0QC1234X"
    contact_person = "赵经理"


class RequestFactory(factory.Factory):
    class Meta:
        model = services.RequestData

    title = "2025年度城市道路维修养护资金使用情况"
    doc_no = ""
    description = "请提供2025年度本市城市道路维修养护资金的预算、实际支出及项目清单。"
    purpose = "了解本地道路维修情况"
    info_form = "electronic"
    delivery = "email"


def register_case(
    organization,
    actor,
    *,
    received_on: date | str,
    today: date | str | None = None,
    channel: str = Channel.IN_PERSON,
    history=(),
    applicant=None,
    check_permission: bool = False,
):
    """A case registered (and optionally imported with its `history` of NewEvents)."""
    received = date.fromisoformat(received_on) if isinstance(received_on, str) else received_on
    if isinstance(today, str):
        today = date.fromisoformat(today)
    return services.application_register(
        actor=actor,
        organization=organization,
        applicant=applicant or ApplicantFactory(),
        request=RequestFactory(),
        channel=channel,
        received_on=received,
        history=history,
        today=today or received,
        check_permission=check_permission,
    )


def ev(type_: str, on: str, **fields) -> services.NewEvent:
    return services.NewEvent(type=type_, on=date.fromisoformat(on), **fields)
