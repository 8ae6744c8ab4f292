"""The audit log, column types, titles and the admin header in Chinese (issue 20 item 8)."""

import pytest
from django.urls import reverse

from tests.monitoring.test_pages import stored_round
from zwgk.backoffice import audit_labels
from zwgk.core import audit
from zwgk.monitoring.checks.freshness import ColumnKind, column_kind_label
from zwgk.monitoring.models import Site

pytestmark = pytest.mark.django_db


def test_every_recorded_action_has_a_label():
    import pathlib
    import re

    root = pathlib.Path(audit_labels.__file__).resolve().parents[1]
    verbs = set()
    for path in root.rglob("*.py"):
        verbs |= set(re.findall(r'verb="([a-z_]+(?:\.[a-z_]+)+)"', path.read_text(encoding="utf-8")))
        verbs |= set(re.findall(r'_audit\([^)]*"(casework\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert verbs, "no verbs found"
    assert sorted(verbs - set(audit_labels.VERB_LABELS)) == []


def test_unknown_actions_and_values_are_shown_sensibly():
    assert audit_labels.verb_label("document.frobnicate") == "信息发布：其他操作"
    assert audit_labels.verb_label("nothing") == "其他操作"
    assert audit_labels.value_text("state", "made_up_state") == "made_up_state"
    assert audit_labels.key_label("made_up_key") == "made_up_key"


def test_payloads_read_as_label_and_value_lines():
    lines = audit_labels.payload_lines(
        {"state": "draft"},
        {"state": "submitted"},
        {"review_request": 7, "self_approved": False, "kind": "foi.letter", "target": "casework.letter:3"},
    )
    assert [(line.label, line.before, line.value) for line in lines] == [
        ("状态", "草稿", "待审签"),
        ("审签请求编号", None, "7"),
        ("本人审签", None, "否"),
        ("类型", None, "依申请公开文书"),
        ("对象", None, "办理文书 #3"),
    ]
    event = audit_labels.payload_lines(
        None, None, {"type": "replied", "on": "2026-03-25", "payload": {"outcome": "3.1"}}
    )
    assert [line.value for line in event] == ["答复", "2026-03-25", "办理结果：3.1 予以公开"]


def test_a_sign_off_chain_reads_as_posts_and_labels():
    lines = audit_labels.payload_lines(
        None,
        {"kind": "foi.letter", "steps": [["section_head", "科室负责人审核"], ["office_head", "签发"]]},
        None,
    )
    assert [line.value for line in lines] == [
        "依申请公开文书",
        "科室负责人、科室负责人审核、公开工作机构负责人、签发",
    ]


def test_audit_page_shows_actions_payloads_and_agencies_in_chinese(client, make_staff, city, agency):
    supervisor = make_staff(city, "supervisor", username="gkb")
    audit.record(
        actor=None,
        verb="document.submit",
        target=agency,
        organization_code="dl-sfj",
        before={"state": "draft"},
        after={"state": "submitted"},
        data={"review_request": 3},
    )
    client.force_login(supervisor)
    html = client.get(reverse("backoffice:audit")).content.decode()
    assert "报送审签" in html and "document.submit" not in html.split("<tbody>")[1]
    assert "状态：草稿 → 待审签" in html and "审签请求编号：3" in html
    assert "<td>市司法局</td>" in html and "<td>系统</td>" in html
    filtered = client.get(reverse("backoffice:audit"), {"verb": "foi."}).content.decode()
    assert "报送审签" not in filtered and "暂无记录" in filtered


def test_round_page_names_column_types_in_chinese(client, make_staff, city, agency):
    site = Site.objects.create(
        organization=agency, name="市司法局网站", home_url="https://sfj.example.gov.cn/"
    )
    rnd = stored_round(site, d2=1.0, d3=1.0)
    column = {
        "url": "https://sfj.example.gov.cn/news/",
        "latest": "2026-03-20",
        "items": 12,
        "stale": False,
        "empty": False,
    }
    rnd.details = {
        "columns": [
            {**column, "name": "工作动态", "kind": "news"},
            {**column, "name": "首页", "kind": "home"},
            {**column, "name": "机构概况", "kind": "static"},
        ]
    }
    rnd.save(update_fields=["details"])
    client.force_login(make_staff(city, "supervisor"))
    html = client.get(reverse("backoffice:monitoring_round", args=[rnd.pk])).content.decode()
    for label in ("动态要闻（2周）", "首页（2周）", "静态栏目（不考核更新）"):
        assert f"<td>{label}</td>" in html
    assert "<td>news</td>" not in html and "<td>static</td>" not in html


def test_every_column_kind_has_a_label():
    assert {column_kind_label(k) for k in ColumnKind} and all(
        column_kind_label(k) != k.value for k in ColumnKind
    )
    assert column_kind_label("future_kind") == "其他栏目"


def test_back_office_titles_carry_the_platform_name(client, make_staff, agency, settings):
    client.force_login(make_staff(agency, "editor"))
    html = client.get(reverse("backoffice:dashboard")).content.decode()
    assert "<title>工作台 - 大连市政务公开工作平台</title>" in html


def test_django_admin_header_names_the_city(admin_user, client):
    client.force_login(admin_user)
    html = client.get("/django-admin/").content.decode()
    assert "大连市政务公开平台管理（参考数据）" in html and "zwgk" not in html.split("<body")[1][:3000]
