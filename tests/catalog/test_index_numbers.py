import threading
from datetime import date

import pytest
from django.db import connection, connections

from tests.catalog.factories import document_input, published
from tests.conftest import CATALOG_APPS
from tests.factories import OrganizationFactory, UserFactory, grant
from zwgk.catalog import index_numbers
from zwgk.catalog.models import Document
from zwgk.catalog.services import document_create_draft, document_publish


@pytest.mark.django_db
def test_serials_run_per_agency_and_year(agency, other_agency):
    a1 = published(agency, on=date(2025, 12, 30))
    a2 = published(agency, on=date(2026, 1, 4))
    a3 = published(agency, on=date(2026, 1, 5))
    b1 = published(other_agency, on=date(2026, 1, 5))
    assert [d.index_no for d in (a1, a2, a3, b1)] == [
        "dl-sfj/2025-00001",
        "dl-sfj/2026-00001",
        "dl-sfj/2026-00002",
        "dl-mzj/2026-00001",
    ]


@pytest.mark.django_db
def test_the_unified_credit_code_is_used_when_set(city):
    org = OrganizationFactory(
        code="dl-wjw", name="大连市卫生健康委员会", parent=city, credit_code="11210200MB1234567X"
    )
    assert published(org, on=date(2026, 2, 2)).index_no == "11210200MB1234567X/2026-00001"


@pytest.mark.django_db
def test_the_pattern_is_a_setting(settings, agency):
    settings.ZWGK_INDEX_NO_PATTERN = "{org}-{year}-{serial:06d}"
    assert published(agency, on=date(2026, 2, 2)).index_no == "dl-sfj-2026-000001"


@pytest.mark.django_db
def test_an_imported_number_moves_the_counter_on(agency):
    from zwgk.catalog.services import document_import

    document_import(
        actor=None, data=document_input(agency), publish=True, published_on=date(2026, 1, 6),
        index_no="dl-sfj/2026-00041",
    )  # fmt: skip
    assert published(agency, on=date(2026, 1, 7)).index_no == "dl-sfj/2026-00042"
    assert index_numbers.parse_serial(agency, 2026, "000014349/2018-00222") is None


@pytest.mark.django_db(transaction=True, available_apps=CATALOG_APPS)
def test_allocation_outside_a_transaction_is_refused(agency, taxonomies_reloaded):
    with pytest.raises(RuntimeError):
        index_numbers.allocate(agency, 2026)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, available_apps=CATALOG_APPS)
def test_concurrent_publishers_get_gapless_unique_serials(taxonomies_reloaded):
    """N reviewers press 发布 at the same moment, each on its own connection."""
    assert connection.vendor == "postgresql"
    city = OrganizationFactory(code="dl", name="大连市人民政府", kind="government", parent=None)
    org = OrganizationFactory(code="dl-sfj", name="大连市司法局", parent=city)
    n = 8
    reviewers, drafts = [], []
    for i in range(n):
        user = UserFactory(username=f"reviewer{i}")
        grant(user, org, "reviewer")
        reviewers.append(user)
        drafts.append(
            document_create_draft(actor=user, data=document_input(org, title=f"并发发布测试{i}")).pk
        )
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def publish(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            # Each signs off a colleague's draft: never their own (decision 0016).
            document_publish(actor=reviewers[(i + 1) % n], document_id=drafts[i])
        except BaseException as exc:  # reported below, the thread must not die silently
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    serials = sorted(Document.objects.filter(organization=org).values_list("index_serial", flat=True))
    assert serials == list(range(1, n + 1))
    numbers = set(Document.objects.filter(organization=org).values_list("index_no", flat=True))
    assert len(numbers) == n
