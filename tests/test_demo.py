from io import StringIO

import pytest
from django.core.management import call_command

from zwgk.organizations.models import Membership, Organization, ResponsibleLeader

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_has_the_seed_agencies():
    call_command("load_demo", stdout=StringIO())
    counts = (Organization.objects.count(), Membership.objects.count(), ResponsibleLeader.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (
        Organization.objects.count(),
        Membership.objects.count(),
        ResponsibleLeader.objects.count(),
    ) == counts
    names = set(Organization.objects.values_list("short_name", flat=True))
    for name in [
        "市政府办公室",
        "市司法局",
        "市委编办",
        "市卫生健康委",
        "市应急局",
        "市营商局",
        "市大数据中心",
        "金普新区管委会",
        "大连供电公司",
        "市水务集团",
        "市邮政管理局",
        "中山区",
    ]:
        assert name in names
    assert Organization.objects.get(code="dl-yzglj").superior.code == "ln-yzglj"


def test_demo_users_can_log_in(client):
    call_command("load_demo", stdout=StringIO())
    for username in ["admin", "supervisor", "editor", "reviewer", "handler", "office_head"]:
        assert (
            client.post("/staff/login/", {"username": username, "password": "zwgk-demo"}).status_code == 302
        )
        client.post("/staff/logout/")
