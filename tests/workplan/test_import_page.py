"""The back-office import page: preview, mapping an unresolved unit or creating it, then import."""

from pathlib import Path

import pytest
from django.urls import reverse

from zwgk.organizations.models import Organization
from zwgk.workplan.models import WorkPlan

pytestmark = pytest.mark.django_db

TEXT = (Path(__file__).resolve().parent / "data" / "2021-arrangement.txt").read_text(encoding="utf-8")
URL = "/staff/workplan/import/"


@pytest.fixture
def gkb(client, dalian, make_staff):
    client.force_login(make_staff(dalian["dl"], "supervisor", username="gkb"))
    return client


def keys(response):
    return {f"key_{i}": k for i, k in enumerate(response.context["form"].keys)}


def test_the_url_name(gkb):
    assert reverse("backoffice:workplan_import") == URL


def test_the_preview_shows_what_was_not_understood_and_saves_nothing(gkb):
    r = gkb.post(URL, {"text": TEXT, "action": "preview"})
    page = r.content.decode()
    assert "未能对应：市农业农村局" in page and "未能对应：市政府有关部门" in page
    assert "附件:2021年政务公开工作联系人名单" in page
    assert "确认导入" not in page  # unresolved units block the import
    assert response_keys(r) == {"二、(三)|市政府有关部门", "市农业农村局"}
    # Pressing import anyway is refused.
    r = gkb.post(URL, {"text": TEXT, "action": "import"})
    assert "未导入" in r.content.decode()
    assert not WorkPlan.objects.exists()


def response_keys(r):
    return set(r.context["form"].keys)


def test_mapping_and_creating_units_then_importing(gkb, dalian):
    r = gkb.post(URL, {"text": TEXT, "action": "preview"})
    data = {"text": TEXT, **keys(r)}
    concerned = next(i for i, k in enumerate(r.context["form"].keys) if k.endswith("有关部门"))
    data[f"map_{concerned}"] = ["dl-sfj", "dl-mzj"]
    r = gkb.post(
        URL,
        {**data, "action": "create_unit", "unit-phrase": "市农业农村局", "unit-name": "大连市农业农村局",
         "unit-code": "dl-nyj"},
    )  # fmt: skip
    assert Organization.objects.get(code="dl-nyj").parent == dalian["dl"]
    page = r.content.decode()
    assert "确认导入" in page
    r = gkb.post(URL, {**data, **keys(r), "action": "import"})
    plan = WorkPlan.objects.get()
    assert r.status_code == 302 and r.url == reverse("backoffice:workplan_plan", args=[plan.pk])
    task = plan.tasks.get(section="二、(三)")
    assert set(task.assignments.filter(role="responsible").values_list("organization__code", flat=True)) == {
        "dl-sfj",
        "dl-mzj",
    }
    assert plan.tasks.get(section="二、(二)").assignments.filter(organization__code="dl-nyj").exists()


def test_units_staff_cannot_import(client, dalian, make_staff):
    client.force_login(make_staff(dalian["dl-sfj"], "office_head"))
    assert client.get(URL).status_code == 403
