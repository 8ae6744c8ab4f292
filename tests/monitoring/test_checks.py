"""Table tests of the pure website checks (RULES §5)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from fractions import Fraction

import pytest

from zwgk.monitoring.checks import (
    ColumnKind,
    ColumnState,
    DeductionRule,
    DepthStats,
    Findings,
    Fingerprint,
    FreshnessVeto,
    Item,
    Link,
    LinkState,
    OutboundProblem,
    Page,
    Period,
    Probe,
    Veto,
    availability,
    classify_link,
    column_state,
    columns_verdict,
    content_consistent,
    extract_dates,
    extract_links,
    future_dates,
    hidden_outbound_links,
    home_stale,
    inspection_score,
    ipv6_compliant,
    is_broken,
    item_dates,
    latest,
    link_ipv6_ok,
    meta_pubdate,
    normalize_url,
    outbound_problem,
    probe_failed,
    registrable_domain,
    split_links,
    text_similarity,
)

TODAY = date(2026, 11, 27)


# --- domains ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host, domain",
    [
        ("www.dl.gov.cn", "dl.gov.cn"),
        ("zwgk.dl.gov.cn", "dl.gov.cn"),
        ("dl.gov.cn", "dl.gov.cn"),
        ("gov.cn", "gov.cn"),
        ("www.example.com.cn", "example.com.cn"),
        ("a.b.example.org.cn", "example.org.cn"),
        ("www.dlut.edu.cn", "dlut.edu.cn"),
        ("www.example.ln.cn", "example.ln.cn"),  # CNNIC provincial SLD
        ("www.example.cn", "example.cn"),
        ("news.gov-a.test", "gov-a.test"),
        ("GOV-A.TEST.", "gov-a.test"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("www.gov.hk", "www.gov.hk"),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


# --- URLs and links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href, expected",
    [
        ("/a/b.html", "http://gov-a.test:8080/a/b.html"),
        ("c.html", "http://gov-a.test:8080/x/c.html"),
        ("../up.html", "http://gov-a.test:8080/up.html"),
        ("?page=2", "http://gov-a.test:8080/x/index.html?page=2"),
        ("HTTP://WWW.Gov-A.Test:80/p#frag", "http://www.gov-a.test/p"),
        ("https://gov-a.test:443", "https://gov-a.test/"),
        ("//cdn.gov-a.test/x", "http://cdn.gov-a.test/x"),
        ("  /sp ace.html \n", "http://gov-a.test:8080/sp ace.html"),
        ("/a\n/b", "http://gov-a.test:8080/a/b"),
        ("http://[::1]:8080/", "http://[::1]:8080/"),
        ("#top", None),
        ("", None),
        ("javascript:void(0)", None),
        ("mailto:xxgk@gov-a.test", None),
        ("tel:12345", None),
        ("ftp://gov-a.test/f", None),
        ("http://gov-a.test:99999/", None),
    ],
)
def test_normalize_url(href: str, expected: str | None) -> None:
    assert normalize_url(href, "http://gov-a.test:8080/x/index.html") == expected


def test_extract_links_in_document_order_with_base_frames_and_areas() -> None:
    html = """<html><head><base href="http://gov-a.test/sub/"></head><body>
      <a href="one.html">一</a><a href="/two.html">二</a><a>no href</a>
      <map><area href="three.html"></map><iframe src="http://other.test/frame"></iframe>
      <a href="javascript:;">js</a><a href="one.html#again">一 again</a></body></html>"""
    urls = [link.url for link in extract_links(html, "http://gov-a.test/index.html")]
    assert urls == [
        "http://gov-a.test/sub/one.html",
        "http://gov-a.test/two.html",
        "http://gov-a.test/sub/three.html",
        "http://other.test/frame",
        "http://gov-a.test/sub/one.html",
    ]


@pytest.mark.parametrize(
    "wrapper, hidden",
    [
        ('<div style="display:none">{}</div>', True),
        ('<div style="DISPLAY: NONE;">{}</div>', True),
        ('<div style="visibility:hidden">{}</div>', True),
        ('<div style="position:absolute;left:-9999px">{}</div>', True),
        ('<div style="text-indent:-1000em">{}</div>', True),
        ('<span style="font-size:0px">{}</span>', True),
        ('<div style="height:0;overflow:hidden">{}</div>', True),
        ("<div hidden>{}</div>", True),
        ('<div><div style="display:none"><p><span>{}</span></p></div></div>', True),
        ('<div style="display:block;left:-5px">{}</div>', False),
        ('<div style="font-size:0.9em">{}</div>', False),
        ('<div style="height:0.5em">{}</div>', False),
        ("<div>{}</div>", False),
    ],
)
def test_hidden_links(wrapper: str, hidden: bool) -> None:
    html = "<html><body>" + wrapper.format('<a href="http://casino.test/">c</a>') + "</body></html>"
    (link,) = extract_links(html, "http://gov-a.test/")
    assert link.hidden is hidden


def test_split_links_by_registrable_domain_first_occurrence_only() -> None:
    links = [
        Link("http://gov-a.test/a", "a"),
        Link("http://news.gov-a.test/n", "n"),
        Link("http://gov-b.test/", "b"),
        Link("http://gov-a.test/a", "a again"),
    ]
    internal, external = split_links(links, "gov-a.test")
    assert [x.url for x in internal] == ["http://gov-a.test/a", "http://news.gov-a.test/n"]
    assert [x.url for x in external] == ["http://gov-b.test/"]


def test_hidden_outbound_links_ignore_internal_and_repeats() -> None:
    links = [
        Link("http://casino.test/", "c", hidden=True),
        Link("http://gov-a.test/hidden-menu", "m", hidden=True),
        Link("http://casino.test/", "c", hidden=True),
        Link("http://partner.test/", "p"),
    ]
    assert [x.url for x in hidden_outbound_links(links, "gov-a.test")] == ["http://casino.test/"]


@pytest.mark.parametrize(
    "status, error, state",
    [
        (200, None, LinkState.OK),
        (304, None, LinkState.OK),
        (404, None, LinkState.BROKEN),
        (410, None, LinkState.BROKEN),
        (500, None, LinkState.BROKEN),
        (None, "dns", LinkState.UNREACHABLE),
        (None, "connect", LinkState.UNREACHABLE),
        (None, "timeout", LinkState.UNREACHABLE),
        (200, "timeout", LinkState.UNREACHABLE),  # the body never arrived
        (302, "too_many_redirects", LinkState.UNREACHABLE),
        (None, "tls", LinkState.UNREACHABLE),
        (200, "too_large", LinkState.OK),
        (None, "blocked_address", LinkState.BLOCKED),
        (None, "blocked_host", LinkState.BLOCKED),
    ],
)
def test_classify_link(status: int | None, error: str | None, state: LinkState) -> None:
    assert classify_link(status, error) is state


def test_only_broken_and_unreachable_count_as_broken() -> None:
    assert [s for s in LinkState if is_broken(s)] == [LinkState.BROKEN, LinkState.UNREACHABLE]


@pytest.mark.parametrize(
    "link, final, nxdomain, problem",
    [
        ("http://partner.test/", "http://partner.test/", False, None),
        ("http://partner.test/", "https://www.partner.test/home", False, None),
        ("http://partner.test/", "http://casino.test/", False, OutboundProblem.OFF_SITE_REDIRECT),
        ("http://expired.test/", "http://expired.test/", True, OutboundProblem.DOMAIN_GONE),
    ],
)
def test_outbound_problem(link: str, final: str, nxdomain: bool, problem: OutboundProblem | None) -> None:
    assert outbound_problem(link, final, nxdomain=nxdomain) is problem


# --- page text and IPv4/IPv6 consistency -----------------------------------------------------


def test_title_and_text_leave_out_scripts_styles_and_comments() -> None:
    page = Page(
        "<html><head><title>  某市  人民政府 </title><style>p{}</style></head><body>"
        "政务<!-- note -->公开<script>var x = 1;</script><p>Ｆｕｌｌ　width</p><noscript>nojs</noscript>尾"
        "</body></html>",
        "http://gov-a.test/",
    )
    assert page.title == "某市 人民政府"
    assert page.text == "政务 公开 Full width 尾"


def test_unparseable_and_empty_pages_have_no_links_or_text() -> None:
    for html in ("", "   ", "<!-- nothing -->"):
        page = Page(html, "http://gov-a.test/")
        assert (page.title, page.text, page.links) == ("", "", ())


def _fp(title: str, body: str) -> Fingerprint:
    return Fingerprint.of_html(f"<html><head><title>{title}</title></head><body>{body}</body></html>")


ARTICLE = "<p>" + "大连市人民政府办公室关于做好2020年政务公开工作的通知。" * 20 + "</p>"


@pytest.mark.parametrize(
    "a, b, consistent",
    [
        (_fp("首页", ARTICLE), _fp("首页", ARTICLE), True),
        # counters and clocks change between the two fetches
        (
            _fp("首页", ARTICLE + "访问量 12345 今天是2026年11月27日"),
            _fp("首页", ARTICLE + "访问量 12399 今天是2026年11月28日"),
            True,
        ),
        (_fp("首页", ARTICLE), _fp("IPv6 改造中", "<p>本站 IPv6 改造中</p>"), False),
        (_fp("首页", ARTICLE), _fp("首页", "<p>本站 IPv6 改造中</p>"), False),
        (_fp("首页", ARTICLE), _fp("另一个标题", ARTICLE), False),
        (_fp("", ""), _fp("", ""), True),
    ],
)
def test_content_consistency(a: Fingerprint, b: Fingerprint, consistent: bool) -> None:
    assert content_consistent(a, b) is consistent


def test_text_similarity_bounds() -> None:
    assert text_similarity("政务公开工作", "政务公开工作") == 1.0
    assert text_similarity("政务公开工作要点", "完全不同的内容呀") == 0.0


# --- dates and freshness ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, today, dates",
    [
        ("发布日期：2026-11-20", TODAY, [date(2026, 11, 20)]),
        ("2026/11/20 与 2026.1.5", TODAY, [date(2026, 11, 20), date(2026, 1, 5)]),
        ("2026年11月20日", TODAY, [date(2026, 11, 20)]),
        ("2026 年 1 月 5 日", TODAY, [date(2026, 1, 5)]),
        ("关于…的通知 [11-20]", TODAY, [date(2026, 11, 20)]),
        ("（11-20）【11/21】(11.22)", TODAY, [date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22)]),
        ("[12-30]", date(2026, 1, 5), [date(2025, 12, 30)]),  # last year's entry seen in January
        ("[02-29]", date(2026, 3, 1), [date(2024, 2, 29)]),
        ("2027-01-01", TODAY, [date(2027, 1, 1)]),  # kept: future dates may be faked
        ("2026-13-01 2026-02-30 1899-01-01", TODAY, []),
        ("2026-11/20", TODAY, []),  # mixed separators
        ("120261120 及 2026-11-201", TODAY, []),
        ("[13-01] 11-20", TODAY, []),  # bare month-day without brackets is too ambiguous
    ],
)
def test_extract_dates(text: str, today: date, dates: list[date]) -> None:
    assert extract_dates(text, today=today) == dates


def test_latest_ignores_future_dates_and_future_dates_are_reported() -> None:
    dates = [date(2026, 11, 1), date(2027, 1, 1), date(2026, 11, 20)]
    assert latest(dates, today=TODAY) == date(2026, 11, 20)
    assert future_dates(dates, today=TODAY) == [date(2027, 1, 1)]
    assert latest([], today=TODAY) is None


def test_meta_pubdate() -> None:
    page = Page(
        '<html><head><meta name="keywords" content="2020-01-01">'
        '<meta name="PubDate" content="2026-11-20 10:22"></head><body></body></html>',
        "http://gov-a.test/art/1.html",
    )
    assert meta_pubdate(page) == date(2026, 11, 20)
    assert meta_pubdate(Page("<html><body>2026-11-20</body></html>", "http://gov-a.test/")) is None


def test_item_dates_read_list_entries_not_menus_or_banners() -> None:
    page = Page(
        "<html><body><p>今天是2026年11月27日</p><ul><li><a href='/'>首页</a></li></ul>"
        "<ul class='list'><li><a href='/1'>通知一</a><span>2026-11-20</span></li>"
        "<li><a href='/2'>通知二</a> [11-02]</li><li>无链接 2026-11-26</li></ul>"
        "<table><tr><td><a href='/3'>文件</a></td><td>2026年10月1日</td></tr></table></body></html>",
        "http://gov-a.test/col/",
    )
    assert item_dates(page, today=TODAY) == [date(2026, 11, 20), date(2026, 11, 2), date(2026, 10, 1)]
    assert item_dates(page, today=TODAY, items_xpath="//ul[@class='list']/li") == [
        date(2026, 11, 20),
        date(2026, 11, 2),
    ]


@pytest.mark.parametrize(
    "period, today, cutoff",
    [
        (Period(days=14), date(2026, 11, 27), date(2026, 11, 13)),
        (Period(months=6), date(2026, 11, 27), date(2026, 5, 27)),
        (Period(months=6), date(2026, 8, 31), date(2026, 2, 28)),
        (Period(months=12), date(2024, 2, 29), date(2023, 2, 28)),
        (Period(months=6), date(2026, 3, 15), date(2025, 9, 15)),
    ],
)
def test_period_cutoff(period: Period, today: date, cutoff: date) -> None:
    assert period.cutoff(today) == cutoff


@pytest.mark.parametrize(
    "kind, newest, stale",
    [
        (ColumnKind.NEWS, date(2026, 11, 13), False),  # exactly 2 weeks old: still fresh
        (ColumnKind.NEWS, date(2026, 11, 12), True),
        (ColumnKind.NOTICE, date(2026, 5, 27), False),  # exactly 6 months
        (ColumnKind.NOTICE, date(2026, 5, 26), True),
        (ColumnKind.POLICY, date(2026, 5, 26), True),
        (ColumnKind.OTHER, date(2020, 1, 1), False),  # no statutory period: only long-stale
        (ColumnKind.STATIC, date(2010, 1, 1), False),
    ],
)
def test_column_staleness(kind: ColumnKind, newest: date, stale: bool) -> None:
    assert column_state("栏目", kind, [newest], today=TODAY).stale is stale


def test_long_stale_and_empty_columns() -> None:
    old = column_state("其他", ColumnKind.OTHER, [date(2025, 11, 26)], today=TODAY)
    assert (old.stale, old.long_stale) == (False, True)
    recent = column_state("其他", ColumnKind.OTHER, [date(2025, 11, 27)], today=TODAY)
    assert recent.long_stale is False
    empty = column_state("空", ColumnKind.NEWS, [], today=TODAY)
    assert (empty.empty, empty.stale, empty.long_stale, empty.latest) == (True, False, False, None)
    listed = column_state("无日期", ColumnKind.NEWS, [], today=TODAY, items=3)
    assert (listed.empty, listed.stale) == (False, True)


def _stale(n: int, kind: ColumnKind = ColumnKind.NEWS) -> list[ColumnState]:
    return [column_state(f"c{i}", kind, [date(2026, 10, 1)], today=TODAY) for i in range(n)]


@pytest.mark.parametrize(
    "columns, vetoes",
    [
        (_stale(4), ()),
        (_stale(3) + [column_state("n", ColumnKind.NOTICE, [date(2026, 1, 1)], today=TODAY)] * 2,
         (FreshnessVeto.COLUMNS_STALE,)),
        ([column_state(f"e{i}", ColumnKind.NEWS, [], today=TODAY) for i in range(5)],
         (FreshnessVeto.COLUMNS_EMPTY,)),
        ([column_state(f"e{i}", ColumnKind.NEWS, [], today=TODAY) for i in range(4)], ()),
        ([column_state(f"o{i}", ColumnKind.OTHER, [date(2024, 1, 1)], today=TODAY) for i in range(10)],
         (FreshnessVeto.COLUMNS_LONG_STALE,)),
        ([column_state(f"o{i}", ColumnKind.OTHER, [date(2024, 1, 1)], today=TODAY) for i in range(9)], ()),
    ],
)  # fmt: skip
def test_columns_verdict(columns: list[ColumnState], vetoes: tuple[FreshnessVeto, ...]) -> None:
    assert columns_verdict(columns).vetoes == vetoes


def test_home_stale_after_two_weeks() -> None:
    assert home_stale(date(2026, 11, 13), today=TODAY) is False
    assert home_stale(date(2026, 11, 12), today=TODAY) is True
    assert home_stale(None, today=TODAY) is True


# --- availability ----------------------------------------------------------------------------


def _week(failures: int, per_day: int = 20, last_day: date = TODAY) -> list[Probe]:
    probes = []
    for d in range(7):
        day = last_day - timedelta(days=d)
        for i in range(per_day):
            at = datetime(day.year, day.month, day.day, 0, 0) + timedelta(minutes=i * 3)
            probes.append(Probe(at=at, ok=True, ms=800.0))
    for i in range(failures):
        probes[i] = Probe(at=probes[i].at, ok=False, ms=None)
    return probes


@pytest.mark.parametrize("failures, veto", [(0, False), (6, False), (7, True), (20, True)])
def test_weekly_five_percent_veto(failures: int, veto: bool) -> None:
    report = availability(_week(failures), last_day=TODAY)
    assert (report.probes, report.failures, report.veto, report.complete) == (140, failures, veto, True)


def test_slow_probe_fails_and_probes_outside_the_week_do_not_count() -> None:
    assert probe_failed(Probe(at=datetime(2026, 11, 27, 9), ok=True, ms=15_000.0)) is False
    assert probe_failed(Probe(at=datetime(2026, 11, 27, 9), ok=True, ms=15_001.0)) is True
    probes = [*_week(0), Probe(at=datetime(2026, 11, 20, 23, 59), ok=False)]  # the day before the week
    report = availability(probes, last_day=TODAY)
    assert (report.probes, report.failures, report.veto) == (140, 0, False)


def test_under_sampled_days_are_reported() -> None:
    probes = [p for p in _week(0) if not (p.at.date() == date(2026, 11, 25) and p.at.minute >= 57)]
    report = availability(probes, last_day=TODAY)
    assert report.under_sampled_days == (date(2026, 11, 25),)
    assert report.complete is False
    assert availability([], last_day=TODAY).failure_rate is None


# --- IPv6 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "links, ok, ratio, meets",
    [
        (10, 9, 0.9, True),
        (20, 18, 0.9, True),
        (9, 8, 0.8889, False),
        (3, 2, 0.6667, False),
        (1, 1, 1.0, True),
        (0, 0, None, True),
    ],
)
def test_depth_ratio(links: int, ok: int, ratio: float | None, meets: bool) -> None:
    stats = DepthStats(links, ok)
    assert (stats.ratio, stats.meets()) == (ratio, meets)
    assert DepthStats(10, 9).meets(Fraction(95, 100)) is False


@pytest.mark.parametrize(
    "aaaa, v6, v4, consistent, ok",
    [
        (True, True, True, True, True),
        (True, True, True, False, False),  # a stub page over IPv6
        (False, True, True, True, False),
        (True, False, True, True, False),
        (True, True, False, False, True),  # broken over IPv4 only: IPv6 works
        (True, False, False, False, False),
    ],
)
def test_link_ipv6_ok(aaaa: bool, v6: bool, v4: bool, consistent: bool, ok: bool) -> None:
    assert link_ipv6_ok(aaaa=aaaa, ipv6_fetch_ok=v6, ipv4_fetch_ok=v4, consistent=consistent) is ok


@pytest.mark.parametrize(
    "aaaa, home_ok, consistent, d2, d3, compliant",
    [
        (True, True, True, DepthStats(10, 9), DepthStats(20, 18), True),
        (True, True, True, DepthStats(10, 9), DepthStats(0, 0), True),
        (False, True, True, DepthStats(10, 10), DepthStats(20, 20), False),
        (True, False, True, DepthStats(10, 10), DepthStats(20, 20), False),
        (True, True, False, DepthStats(10, 10), DepthStats(20, 20), False),
        (True, True, True, DepthStats(10, 8), DepthStats(20, 20), False),
        (True, True, True, DepthStats(10, 10), DepthStats(20, 17), False),
    ],
)
def test_ipv6_compliant(
    aaaa: bool, home_ok: bool, consistent: bool, d2: DepthStats, d3: DepthStats, compliant: bool
) -> None:
    result = ipv6_compliant(aaaa=aaaa, home_ok=home_ok, home_consistent=consistent, depth2=d2, depth3=d3)
    assert result is compliant


# --- score -----------------------------------------------------------------------------------


def test_clean_site_scores_full_marks() -> None:
    score = inspection_score(Findings())
    assert (score.points, score.deductions, score.passed) == (100.0, (), True)


def test_deductions_are_capped_per_item() -> None:
    score = inspection_score(
        Findings(counts={Item.BROKEN_LINK: 500, Item.BROKEN_LINK_HOME: 3, Item.NO_IPV6: 1})
    )
    assert {d.item: d.points for d in score.deductions} == {
        Item.BROKEN_LINK_HOME: 3.0,
        Item.BROKEN_LINK: 10.0,
        Item.NO_IPV6: 5.0,
    }
    assert score.points == 82.0


def test_a_veto_fails_even_with_full_points() -> None:
    score = inspection_score(Findings(vetoes=frozenset({Veto.HOME_STALE, Veto.UNREACHABLE})))
    assert (score.points, score.vetoes, score.passed) == (100.0, (Veto.UNREACHABLE, Veto.HOME_STALE), False)


@pytest.mark.parametrize("hidden, points, passed", [(8, 60.0, False), (7, 65.0, True)])
def test_sixty_or_less_fails(hidden: int, points: float, passed: bool) -> None:
    rules = {Item.HIDDEN_LINK: DeductionRule(per_unit=5, cap=100)}
    score = inspection_score(Findings(counts={Item.HIDDEN_LINK: hidden}), rules)
    assert (score.points, score.passed) == (points, passed)
