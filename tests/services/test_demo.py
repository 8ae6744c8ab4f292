"""The services demo on the demo agencies: idempotent, published through review, one flagged."""

from __future__ import annotations

from io import StringIO

import pytest

from zwgk.organizations import demo as organizations_demo
from zwgk.review.models import ReviewRequest, ReviewState
from zwgk.services import demo
from zwgk.services.models import Guide, Package, ProgressCase
from zwgk.services.packages import package_guides
from zwgk.services.progress import lookup, public_answer

pytestmark = pytest.mark.django_db


def test_services_demo():
    organizations_demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    assert Guide.objects.count() == len(demo.GUIDES) >= 12
    published = Guide.objects.filter(published__isnull=False)
    assert published.count() == len(demo.GUIDES) - len(demo.WITHDRAWN) >= 12
    assert list(Guide.objects.filter(withdrawn_at__isnull=False).values_list("item_code", flat=True)) == list(
        demo.WITHDRAWN
    )
    assert ReviewRequest.objects.filter(kind="services.guide", state=ReviewState.APPROVED).count() == 13
    food = Guide.objects.get(item_code=demo.UPLOADED_TEMPLATE[0])
    [form] = food.published.materials.filter(template_file__isnull=False)
    assert form.template_file.file_type == "docx" and form.template_href.startswith("/services/files/")
    assert list(Guide.objects.filter(published__complete=False).values_list("item_code", flat=True)) == [
        "DL-WLJ-001"
    ]
    assert Guide.objects.values("organization").distinct().count() >= 6
    for package in Package.objects.filter(public=True):
        assert len({g.organization_id for g in package_guides(package)}) >= 2
    assert Package.objects.count() == 2 and ProgressCase.objects.count() == len(demo.CASES)
    case_no, _, code, _ = demo.CASES[0]
    answer = public_answer(lookup(case_no, code))
    assert [m["milestone"] for m in answer["milestones"]] == ["received", "accepted", "decided", "delivered"]
    assert answer["on_time"] is True
