"""Demo sign-off chain: 司法局's normative documents go 科室负责人审核 → 保密审查 → 审签人签发
(decision 0016); everything else keeps the default single approval."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from zwgk.organizations.models import Organization
from zwgk.review.chains import StepSpec, signoff_chain_save
from zwgk.review.models import SignoffChain

NORMATIVE_STEPS = [
    StepSpec("section_head", "科室负责人审核"),
    StepSpec("secrecy_reviewer", "保密审查"),
    StepSpec("reviewer", "审签人签发"),
]


def load(*, stdout: Any) -> str:
    sfj = Organization.objects.filter(code="dl-sfj").first()
    admin = get_user_model().objects.filter(username="admin").first()
    if sfj is None or admin is None:
        return "缺少演示机构或账号，未载入"
    if not SignoffChain.objects.filter(
        organization=sfj, kind="catalog.publish", subkind="normative"
    ).exists():
        signoff_chain_save(
            actor=admin, organization=sfj, kind="catalog.publish", subkind="normative", steps=NORMATIVE_STEPS
        )
    return f"{SignoffChain.objects.count()} 个审签流程（司法局规范性文件：科室负责人 → 保密审查 → 签发）"
