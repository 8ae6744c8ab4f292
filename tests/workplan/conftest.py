from io import StringIO
from pathlib import Path

import pytest

SEED = (
    Path(__file__).resolve().parents[2]
    / "zwgk"
    / "workplan"
    / "demo_data"
    / "2020-dalian-zwgk-work-arrangement.txt"
)


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def dalian(db):
    """The demo agencies and users (organizations demo), keyed by code."""
    from zwgk.organizations import demo
    from zwgk.organizations.models import Organization

    demo.load(stdout=StringIO())
    return {o.code: o for o in Organization.objects.all()}


@pytest.fixture
def plan(dalian, seed_text):
    from zwgk.workplan.demo import MAPPINGS
    from zwgk.workplan.services import workplan_import

    return workplan_import(actor=None, text=seed_text, mappings=MAPPINGS, check_permission=False).plan
