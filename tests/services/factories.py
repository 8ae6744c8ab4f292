"""Guides for the services tests: complete ones by default, a key element dropped on request."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from zwgk.review.models import ReviewRequest, ReviewState
from zwgk.review.services import review_approve
from zwgk.services import guides
from zwgk.services.guides import GuideInput, MaterialInput
from zwgk.services.models import Guide

ID_CARD = MaterialInput("居民身份证", shared_code="id_card", form="原件")


def guide_input(name: str = "法律援助申请", **changes: Any) -> GuideInput:
    data = GuideInput(
        name=name,
        legal_basis="《法律援助法》第四十一条",
        conditions="经济困难，且属于法律援助事项范围。",
        procedure="申请\n受理\n审查\n决定",
        statutory_limit=7,
        promised_limit=5,
        fee_standard="不收费",
        window_address="大连市公共法律服务中心1号窗口",
        office_hours="周一至周五 9:00–17:00",
        online_url="https://zwfw.example.test/flyz",
        contact_phone="0411-12348",
        complaint_channel="12345 热线",
        materials=[
            ID_CARD,
            MaterialInput("法律援助申请表", form="原件", template_url="https://zwfw.example.test/t.docx"),
        ],
    )
    return replace(data, **changes)


def published_guide(org: Any, editor: Any, reviewer: Any, item_code: str, **changes: Any) -> Any:
    version = guides.guide_create(
        actor=editor, organization=org, item_code=item_code, data=guide_input(**changes)
    )
    guides.guide_submit(actor=editor, pk=version.guide_id)
    req = ReviewRequest.objects.for_target(version).get(state=ReviewState.PENDING)
    review_approve(actor=reviewer, request_id=req.pk)
    return Guide.objects.select_related("published").get(pk=version.guide_id)
