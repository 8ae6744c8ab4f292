"""Item 5: the service-guide veto from the guides the platform hosts, and the missing-search
deduction from what a round sees (RULES §5.1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.services.factories import published_guide
from zwgk.monitoring import veto_sources
from zwgk.monitoring.checks import ColumnsVerdict, DepthStats, Item, Veto, inspection_score
from zwgk.monitoring.checks.pages import Page
from zwgk.monitoring.inspect import SHANGHAI, ColumnsReport, HomeFetch, Inspection
from zwgk.monitoring.models import Site
from zwgk.monitoring.rounds import judge, with_other_vetoes
from zwgk.services.vetoes import SOURCE_KEY, guide_vetoes

TODAY = date(2026, 11, 30)


def _inspection(has_search):
    ok = HomeFetch(True, 200, 50)
    return Inspection(
        url="https://sfj.example.test/",
        checked_at=datetime(2026, 11, 30, 9, tzinfo=SHANGHAI),
        home_ipv4=ok,
        home_ipv6=ok,
        aaaa=True,
        content_consistent=True,
        depth={2: DepthStats(10, 10), 3: DepthStats(10, 10)},
        pages=21,
        has_search=has_search,
    )


COLUMNS = ColumnsReport(columns=[], verdict=ColumnsVerdict(stale=0, long_stale=0, empty=0, vetoes=()))
AVAIL = {"veto": False}


@pytest.mark.parametrize(
    ("has_search", "count", "points"), [(True, 0, 100.0), (False, 1, 95.0), (None, 0, 100.0)]
)
def test_missing_search_costs_points(has_search, count, points):
    findings, _ = judge(_inspection(has_search), COLUMNS, avail=AVAIL, today=TODAY)
    assert findings.counts[Item.NO_SEARCH] == count
    assert inspection_score(findings).points == points


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<form role="search" action="/x"><input name="z"></form>', True),
        ('<form action="/s"><input type="search" name="z"></form>', True),
        ('<form action="/jsearch/index.do"><input name="z"></form>', True),
        ('<form action="/x"><input type="text" name="searchword"></form>', True),
        ("<search><form><input></form></search>", True),
        ('<form action="/login"><input type="text" name="user"><input type="password"></form>', False),
        ('<p><a href="/search/">搜索</a></p>', False),
    ],
)
def test_search_detected_on_the_home_page(html, found):
    assert Page(f"<html><body>{html}</body></html>", "https://x.example.test/").has_search is found


def test_guide_veto_from_hosted_guides(agency, other_agency, make_staff, editor, reviewer):
    site = Site.objects.create(organization=agency, name="市司法局网站", home_url="https://sfj.example.test/")
    unhosted = Site.objects.create(
        organization=other_agency, name="市民政局网站", home_url="https://mzj.example.test/"
    )
    assert veto_sources.registered()[SOURCE_KEY] is guide_vetoes
    published_guide(agency, editor, reviewer, "SFJ-V1")
    verdict = guide_vetoes(site, TODAY)
    assert verdict is not None and verdict.vetoes == frozenset()
    published_guide(agency, editor, reviewer, "SFJ-V2", procedure="")
    verdict = guide_vetoes(site, TODAY)
    assert verdict is not None and verdict.vetoes == {Veto.SERVICE_GUIDE_INCOMPLETE}
    assert verdict.details == {"incomplete": ["SFJ-V2"]}
    assert guide_vetoes(unhosted, TODAY) is None  # no guides hosted here: not judged on them

    # Through the one registry monitoring asks (decision 0037), the facts kept for the round.
    judged = veto_sources.judge(site, TODAY)
    assert Veto.SERVICE_GUIDE_INCOMPLETE in judged.vetoes
    assert judged.details[SOURCE_KEY] == {"incomplete": ["SFJ-V2"]}
    findings, _ = judge(_inspection(True), COLUMNS, avail=AVAIL, today=TODAY)
    score = inspection_score(with_other_vetoes(findings, judged))
    assert score.vetoes == (Veto.SERVICE_GUIDE_INCOMPLETE,) and not score.passed
