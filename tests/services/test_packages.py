"""一件事 packages combine guides of several agencies; a shared material is asked once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.services.factories import ID_CARD, published_guide
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.services.guides import MaterialInput
from zwgk.services.packages import combined_checklist, package_guides, package_save


def test_package_of_two_agencies(client, make_staff, agency, other_agency, editor, reviewer):
    mzj_editor, mzj_reviewer = make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer")
    a = published_guide(agency, editor, reviewer, "SFJ-P1", name="法律援助申请")
    b = published_guide(
        other_agency,
        mzj_editor,
        mzj_reviewer,
        "MZJ-P1",
        name="最低生活保障",
        materials=[
            MaterialInput("申请人居民身份证", shared_code="id_card", form="复印件", copies=2),
            MaterialInput("户口簿", form="原件"),
        ],
    )
    package = package_save(
        actor=reviewer,
        code="legal-aid",
        name="困难群众法律援助一件事",
        lead=agency,
        guides=[a, b],
        public=True,
    )
    lines = combined_checklist(package_guides(package))
    assert [line.name for line in lines] == ["居民身份证", "法律援助申请表", "户口簿"]
    id_card = lines[0]
    assert id_card.shared and id_card.items == ["法律援助申请", "最低生活保障"]
    assert id_card.copies == 2 and id_card.forms == ["原件", "复印件"]
    page = client.get(reverse("portal:service_package", args=["legal-aid"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "大连市司法局" in text and "大连市民政局" in text and text.count("（共用，提交一次）") == 1


def test_package_rules(make_staff, agency, other_agency, editor, reviewer):
    a = published_guide(agency, editor, reviewer, "SFJ-P2")
    b = published_guide(agency, editor, reviewer, "SFJ-P3", materials=[ID_CARD])
    with pytest.raises(ValidationFailed):
        package_save(actor=reviewer, code="one", name="只有一项", lead=agency, guides=[a])
    with pytest.raises(NotPermitted):
        package_save(
            actor=make_staff(other_agency, "reviewer"), code="x", name="x", lead=agency, guides=[a, b]
        )
    with pytest.raises(NotPermitted):  # an editor drafts guides; signers decide what the public sees
        package_save(actor=editor, code="x", name="x", lead=agency, guides=[a, b])


def test_package_and_statistics_api(api_client, make_staff, agency, other_agency, editor, reviewer, city):
    from datetime import date

    from zwgk.services import progress

    mzj_editor, mzj_reviewer = make_staff(other_agency, "editor"), make_staff(other_agency, "reviewer")
    a = published_guide(agency, editor, reviewer, "SFJ-A1")
    b = published_guide(other_agency, mzj_editor, mzj_reviewer, "MZJ-A1", name="低保", materials=[ID_CARD])
    package_save(actor=reviewer, code="api-pack", name="一件事", lead=agency, guides=[a, b], public=True)
    body = api_client().get("/api/v1/guide-packages/api-pack").json()
    assert body["organizations"] == ["dl-mzj", "dl-sfj"]
    assert [line["name"] for line in body["checklist"]] == ["居民身份证", "法律援助申请表"]
    assert body["checklist"][0]["items"] == ["法律援助申请", "低保"]
    assert [p["code"] for p in api_client().get("/api/v1/guide-packages").json()] == ["api-pack"]
    assert api_client().get("/api/v1/guide-packages/none").status_code == 404

    system = make_staff(city, "service_system")
    # promised 5 working days: accepted Mon 2026-11-02, due Mon 2026-11-09
    for case_no, decided in (("C1", date(2026, 11, 9)), ("C2", date(2026, 11, 10))):
        for milestone, on in (("accepted", date(2026, 11, 2)), ("decided", decided)):
            progress.progress_push(
                actor=system, case_no=case_no, item_code="SFJ-A1", organization_code="dl-sfj",
                milestone=milestone, on=on, verification_code="1", today=date(2026, 11, 30),
            )  # fmt: skip
    rows = api_client(reviewer).get("/api/v1/staff/services/statistics", organization="dl-sfj").json()
    assert [(r["item_code"], r["decided"], r["on_time"], r["late"], r["rate"]) for r in rows] == [
        ("SFJ-A1", 2, 1, 1, 0.5)
    ]
    assert (
        api_client(mzj_reviewer).get("/api/v1/staff/services/statistics", organization="dl-sfj").json() == []
    )
