from datetime import date

import pytest

from zwgk.directory.selectors import verification_status
from zwgk.directory.services import disclosure_verify

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)


@pytest.fixture
def units(agency):
    from tests.factories import OrganizationFactory

    return {
        code: OrganizationFactory(code=code, kind="public_enterprise", parent=agency)
        for code in ("never", "stale", "ok", "edge", "problems")
    }


def _verify(org, day, result="ok", note=""):
    disclosure_verify(
        actor=None, organization=org, verified_on=day, result=result, note=note, check_permission=False
    )


def test_status_is_never_stale_or_current_from_the_latest_check(units):
    _verify(units["stale"], date(2025, 11, 26))  # 366 days before TODAY
    _verify(units["edge"], date(2025, 11, 27))  # exactly 365 days: still current
    _verify(units["ok"], date(2024, 5, 1), "problems", "地址错误")
    _verify(units["ok"], date(2026, 6, 1))
    _verify(units["problems"], date(2026, 6, 1), "problems", "服务时间未更新")
    status = verification_status([o.pk for o in units.values()], today=TODAY)
    by_code = {code: status[o.pk] for code, o in units.items()}
    assert by_code["never"] == {"verified_on": None, "result": None, "stale": True}
    assert by_code["stale"] == {"verified_on": date(2025, 11, 26), "result": "ok", "stale": True}
    assert by_code["edge"]["stale"] is False
    assert by_code["ok"] == {"verified_on": date(2026, 6, 1), "result": "ok", "stale": False}
    assert by_code["problems"] == {"verified_on": date(2026, 6, 1), "result": "problems", "stale": False}


def test_status_takes_one_query(units, django_assert_num_queries):
    with django_assert_num_queries(1):
        verification_status([o.pk for o in units.values()], today=TODAY)
