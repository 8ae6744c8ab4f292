"""The configurable scoring scheme, on a website-inspection table like RULES §5.1. Runs without Django."""

from decimal import Decimal as D

import pytest

from zwgk.reports.assessment import Indicator, Scheme


def ind(code, name, threshold, weight="0", per_step=None, step="1", **options):
    """An indicator, numbers written as strings as in a published table."""
    return Indicator(
        code=code,
        name=name,
        threshold=D(threshold),
        weight=D(weight),
        per_step=None if per_step is None else D(per_step),
        step=D(step),
        **options,
    )


# Weights are illustrative: RULES §5.1 says the national deduction table is not verified.
WEBSITE = Scheme(
    indicators=(
        ind("probe_failures", "网站无法访问", "0.05", comparison="below", veto=True),  # ≥ 5% failed probes
        ind("home_stale_days", "首页更新", "14", comparison="below", veto=True),  # 2 weeks without update
        ind("broken_links", "链接不可用", "0", comparison="at_most", weight="5", per_step="0.5"),
        ind("has_search", "站内搜索", "1", weight="5"),
        ind("ipv6_depth2", "IPv6 二级链接支持率", "0.9", weight="10", per_step="1", step="0.01"),
    )
)

GOOD = {"probe_failures": 0.01, "home_stale_days": 3, "broken_links": 0, "has_search": 1, "ipv6_depth2": 0.97}


@pytest.mark.parametrize(
    "changes, score, deducted",
    [
        ({}, "100", {}),
        ({"broken_links": 3}, "98.5", {"broken_links": "1.5"}),
        ({"broken_links": 40}, "95", {"broken_links": "5"}),  # capped at the weight
        ({"has_search": 0}, "95", {"has_search": "5"}),  # no per_step: the whole weight
        ({"ipv6_depth2": 0.9}, "100", {}),  # "at least" includes the threshold
        ({"ipv6_depth2": 0.855}, "95", {"ipv6_depth2": "5"}),  # 4.5 steps short, a begun step counts
        (
            {"ipv6_depth2": 0.2, "broken_links": 2, "has_search": 0},
            "84",
            {"ipv6_depth2": "10", "broken_links": "1", "has_search": "5"},
        ),
    ],
)
def test_deductions_follow_the_table(changes, score, deducted):
    result = WEBSITE.score({**GOOD, **changes})
    assert result.score == D(score)
    assert {d.indicator: d.points for d in result.deductions} == {k: D(v) for k, v in deducted.items()}
    assert result.passed


@pytest.mark.parametrize(
    "changes, vetoed",
    [
        ({"probe_failures": 0.05}, ["probe_failures"]),  # exactly 5% already vetoes
        ({"home_stale_days": 14}, ["home_stale_days"]),
        ({"home_stale_days": 30, "probe_failures": 0.5}, ["probe_failures", "home_stale_days"]),
    ],
)
def test_a_veto_fails_the_assessment_whatever_the_score(changes, vetoed):
    result = WEBSITE.score({**GOOD, **changes})
    assert result.score == D(100)
    assert not result.passed
    assert [d.indicator for d in result.vetoes] == vetoed


@pytest.mark.parametrize("short_links, score, passed", [(80, "60", False), (79, "60.5", True)])
def test_sixty_or_below_fails(short_links, score, passed):
    scheme = Scheme(
        indicators=(ind("links", "链接", "0", comparison="at_most", weight="50", per_step="0.5"),)
    )
    result = scheme.score({"links": short_links})
    assert (result.score, result.passed) == (D(score), passed)


def test_the_score_does_not_go_below_zero():
    scheme = Scheme(
        indicators=tuple(Indicator(code=f"i{n}", name="项", threshold=D(1), weight=D(60)) for n in range(3))
    )
    assert scheme.score({"i0": 0, "i1": 0, "i2": 0}).score == D(0)


def test_deductions_carry_the_evidence_passed_in_and_say_why():
    result = WEBSITE.score(
        {**GOOD, "broken_links": 2, "has_search": 0},
        evidence={
            "broken_links": ["https://www.dl.gov.cn/a.html", "https://www.dl.gov.cn/b.html"],
            "has_search": "https://www.dl.gov.cn/",
            "ipv6_depth2": ["not used: no deduction"],
        },
    )
    by_code = {d.indicator: d for d in result.deductions}
    assert by_code["broken_links"].evidence == (
        "https://www.dl.gov.cn/a.html",
        "https://www.dl.gov.cn/b.html",
    )
    assert by_code["has_search"].evidence == ("https://www.dl.gov.cn/",)
    assert by_code["broken_links"].message == "链接不可用：实测 2，要求不高于 0，扣 1 分"
    veto = WEBSITE.score({**GOOD, "home_stale_days": 20}).vetoes[0]
    assert veto.message == "首页更新：实测 20，要求低于 14，单项否决"


def test_every_indicator_must_be_measured():
    with pytest.raises(ValueError, match="not measured: has_search"):
        WEBSITE.score({k: v for k, v in GOOD.items() if k != "has_search"})


@pytest.mark.parametrize(
    "build",
    [
        lambda: Scheme(indicators=(Indicator(code="a", name="甲", threshold=D(1), weight=D(1)),) * 2),
        lambda: Indicator(code="a", name="甲", threshold=D(1), weight=D(-1)),
        lambda: Indicator(code="a", name="甲", threshold=D(1), weight=D(1), step=D(0)),
        lambda: Indicator(code="a", name="甲", threshold=D(1), weight=D(1), comparison="about"),
    ],
)
def test_a_malformed_scheme_is_refused(build):
    with pytest.raises(ValueError):
        build()


def test_a_measure_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="has_search"):
        WEBSITE.score({**GOOD, "has_search": True})
