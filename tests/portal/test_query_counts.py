"""List and detail pages run a fixed number of queries, however many items they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalog.factories import published
from tests.factories import UserFactory, grant
from tests.portal.factories import art20, days_ago
from zwgk.catalog.services import column_place

pytestmark = pytest.mark.django_db


def more_items(library, agency, n: int) -> None:
    """n more published items of the agency, each in the agency's own column and the topic."""
    placer = grant(UserFactory(), agency, "editor")
    for i in range(n):
        doc = published(
            agency,
            on=days_ago(i % 30),
            title=f"大连市司法局关于公共法律服务事项的通知（{i}）",
            art20_categories=[art20("20.3")],
        )
        column_place(actor=placer, column_id=library.own_column.pk, document_id=doc.pk)
        column_place(actor=placer, column_id=library.topic.pk, document_id=doc.pk)


def count(client, url: str) -> int:
    """Queries of a render: the page cache (decision 0029) is emptied first."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The agency page also reads its functions and structure (机构职能, issue 22.3): one query.
@pytest.mark.parametrize(
    "page, limit",
    [("home", 6), ("agency", 7), ("column", 8), ("document", 11), ("catalogue", 4), ("rules", 4)],
)
def test_page_query_count_is_fixed(client, library, agency, django_assert_max_num_queries, page, limit):
    urls = {
        "home": "/",
        "agency": f"/org/{agency.code}/",
        "column": f"/column/{library.own_column.code}/",
        "document": library.policy.get_absolute_url(),
        "catalogue": f"/org/{agency.code}/catalogue/",
        "rules": "/rules/",
    }
    url = urls[page]
    with django_assert_max_num_queries(limit):
        client.get(url)  # the page cache is empty at the start of a test
    before = count(client, url)
    more_items(library, agency, 25)
    assert count(client, url) == before, f"{page}: queries grow with the number of items"


def test_document_page_query_count_does_not_grow_with_links(client, library, agency, reviewer):
    """Interpretations, attachments, lifecycle rows and columns are prefetched, not fetched per row."""
    from io import BytesIO

    from zwgk.catalog.services import attachment_add

    url = library.rule_amended.get_absolute_url()
    before = count(client, url)
    city_reviewer = grant(UserFactory(), library.rule_amended.organization, "reviewer")
    for i in range(3):
        attachment_add(
            actor=city_reviewer,
            document_id=library.rule_amended.pk,
            fileobj=BytesIO(b"%PDF-1.4\n%%EOF\n" + bytes([i])),
            original_name=f"附件{i}.pdf",
        )
        published(
            library.rule_amended.organization,
            on=days_ago(1),
            title=f"《大连市行政执法公示办法》解读（{i}）",
            kind="interpretation",
            interprets=library.rule_amended,
        )
    assert count(client, url) == before
