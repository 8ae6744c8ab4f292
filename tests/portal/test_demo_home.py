"""The demo's home page shows something in every topic box (issue 20.12)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from zwgk.catalog.models import Column, ColumnKind

pytestmark = pytest.mark.django_db


def test_no_topic_box_on_the_demo_home_page_is_empty(client):
    call_command("load_demo", stdout=StringIO())
    topics = list(Column.objects.filter(kind=ColumnKind.TOPIC, organization__isnull=True, is_active=True))
    assert len(topics) >= 2
    html = client.get("/").content.decode()
    for topic in topics:
        box = re.search(rf'<section aria-labelledby="topic-{topic.pk}".*?</section>', html, re.S)
        assert box, f"no box for {topic.name}"
        assert 'class="doc-list' in box.group(0) and "暂无信息" not in box.group(0), f"{topic.name} is empty"
