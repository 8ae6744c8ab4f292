"""The review queue and the casework pages use the back office's buttons (decision 0020):
`.btn-primary` for the form's action, `.btn-secondary` for the others, `.btn-danger` for what
removes or undoes; an action that opens a form page is a link drawn as a button."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.casework.conftest import dalian_office  # noqa: F401
from tests.casework.steps import new_case
from tests.foi.conftest import handler  # noqa: F401

TEMPLATES = Path(__file__).resolve().parents[2] / "zwgk" / "backoffice" / "templates" / "backoffice"
CHECKED = [
    *sorted((TEMPLATES / "casework").glob("*.html")),
    *sorted((TEMPLATES / "review").glob("*.html")),
    TEMPLATES / "catalog" / "review_queue.html",
    *sorted((TEMPLATES / "registries").glob("*.html")),  # decision 0035
]
HOUSE = re.compile(r'class="[^"]*\bbtn-(primary|secondary|danger)\b')


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_button_has_the_house_look(path):
    buttons = re.findall(r"<button\b[^>]*>", path.read_text())
    bare = [b for b in buttons if not HOUSE.search(b)]
    assert bare == [], bare


@pytest.mark.django_db
def test_the_casework_panel_offers_the_joint_study_as_a_button(client, dalian_office, handler):  # noqa: F811
    case = new_case(dalian_office, handler)
    client.force_login(handler)
    html = client.get(reverse("backoffice:foi_case", args=[case.pk])).content.decode()
    link = reverse("backoffice:casework_joint_study_new", args=[case.pk])
    assert f'<a class="btn-secondary" href="{link}">标记为疑难申请并发起会商</a>' in html
    panel = html[html.index('id="letters-h"') :]
    assert re.findall(r"<button\b[^>]*>", panel) and all(
        HOUSE.search(b) for b in re.findall(r"<button\b[^>]*>", panel)
    )
