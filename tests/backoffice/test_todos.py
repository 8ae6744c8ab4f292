"""The workbench's to-do list for every role and its counts in the navigation (issue 20 item 4),
on the scenario of `todo_scenario` (Thu 2026-03-26 at 市司法局)."""

import re

import pytest
from django.urls import reverse

from tests.backoffice import NAV_TODO_QUERIES
from tests.backoffice.todo_scenario import TODAY, build, more_of_everything
from tests.foi.conftest import on_day  # noqa: F401
from zwgk.core import todos
from zwgk.core.todos import TodoEntry, TodoProvider, TodoSection

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(city, agency, make_staff, on_day):  # noqa: F811
    on_day(TODAY)
    return build(city, agency, make_staff)


def sections(response):
    return {s.provider.code: s for s, _ in response.context["sections"]}


def entries(response, code):
    return [
        (e.title, e.count, e.url, e.due_on and e.due_on.isoformat()) for e in sections(response)[code].entries
    ]


def nav_counts(html):
    nav = html[html.index('class="staff-nav"') : html.index("</nav>")]
    return dict(re.findall(r'>([^<>]+?) <span class="nav-count">(\d+)<', nav))


# --- the registry ------------------------------------------------------------------------------


def _nothing(user, *, today):
    return []


def test_a_provider_code_cannot_be_taken_twice():
    provider = TodoProvider("test.one", "一", frozenset({"editor"}), _nothing)
    todos.register(provider)
    try:
        todos.register(provider)  # the same again is harmless (ready() may run twice)
        with pytest.raises(ValueError):
            todos.register(TodoProvider("test.one", "二", frozenset({"editor"}), _nothing))
    finally:
        todos.unregister("test.one")
    assert "test.one" not in {p.code for p in todos.providers()}


def test_providers_run_only_for_their_roles_and_counts_add_up_by_menu():
    def two(user, *, today):
        return [TodoEntry("甲", 2, "/a"), TodoEntry("乙", 3, "/b")]

    todos.register(TodoProvider("test.two", "二", frozenset({"reviewer"}), two, menu="m", order=1))
    try:
        assert "test.two" not in {s.provider.code for s in todos.sections_for(None, {"editor"}, today=TODAY)}
        got = [
            s for s in todos.sections_for(None, {"reviewer"}, today=TODAY) if s.provider.code == "test.two"
        ]
        assert got[0].count == 5
        assert todos.counts_by_menu(got) == {"m": 5}
    finally:
        todos.unregister("test.two")


def test_a_failing_provider_is_shown_and_logged_and_the_pages_still_work(client, editor, caplog):
    def broken(user, *, today):
        raise RuntimeError("selector gone")

    todos.register(TodoProvider("test.broken", "出错的统计", frozenset({"editor"}), broken, order=1))
    try:
        client.force_login(editor)
        response = client.get(reverse("backoffice:dashboard"))
        assert response.status_code == 200
        assert "暂时无法统计这一项" in response.content.decode()
        assert client.get(reverse("backoffice:catalog_documents")).status_code == 200
    finally:
        todos.unregister("test.broken")
    assert "to-do provider test.broken failed" in caplog.text


def test_capped_lists_show_ten_and_count_the_rest():
    items = [TodoEntry(f"第{i}项", 1, f"/{i}") for i in range(todos.ITEM_LIMIT)]
    shown = todos.capped(items, 25, more_url="/all")
    assert len(shown) == todos.ITEM_LIMIT + 1
    assert shown[-1].count == 15 and shown[-1].url == "/all"
    assert TodoSection(TodoProvider("x", "x", frozenset(), _nothing), shown).count == 25


# --- each role's list ----------------------------------------------------------------------------


def test_handler_sees_cases_by_working_days_left_step_deadlines_and_letters(client, scenario):
    client.force_login(scenario.handler)
    response = client.get(reverse("backoffice:dashboard"))
    queue = reverse("backoffice:foi_workbench")
    assert entries(response, "foi.cases_by_workdays_left") == [
        ("网上提交的申请待登记受理", 1, f"{queue}?queue=submitted", None),
        ("已超过答复期限的申请", 1, f"{queue}?queue=overdue", "2026-03-06"),
        ("3个工作日内到期的申请", 1, f"{queue}?queue=due_soon", "2026-03-30"),
    ]
    cases = scenario.cases
    assert entries(response, "foi.step_deadlines") == [
        ("告知补正期限将至", 1, reverse("backoffice:foi_case", args=[cases["fresh"].pk]), "2026-03-31"),
        (
            "征求意见答复期限已到或将至",
            1,
            reverse("backoffice:foi_case", args=[cases["consulting"].pk]),
            "2026-03-26",
        ),
        ("缴费期限已到或将至", 1, reverse("backoffice:foi_case", args=[cases["fee"].pk]), "2026-03-25"),
    ]
    letter_titles = [t for t, *_ in entries(response, "casework.letters_to_draft")]
    assert letter_titles == [f"征求意见函（{cases['consulting'].tracking_code}）"]
    html = response.content.decode()
    assert "剩2个工作日" in html and "已过14个工作日" in html and "今日到期" in html
    assert "已过1个工作日" in html  # the fee, due yesterday
    total = 3 + 3 + 1
    assert f"待办事项（共{total}项）" in html
    assert nav_counts(html) == {"工作台": str(total), "依申请公开": str(total)}


def test_office_head_sees_letters_in_signoff_and_extensions_to_decide(client, scenario):
    client.force_login(scenario.office_head)
    response = client.get(reverse("backoffice:dashboard"))
    assert set(sections(response)) == {
        "foi.extensions_to_decide",
        "casework.letters_in_signoff",
        "casework.joint_studies_to_answer",
        "review.queue",  # the office head is a post sign-off chains may name (decision 0016)
        "workplan.units_behind",  # a unit leading work-plan tasks sees the units behind on them
        "participation.messages_to_answer",
        "registries.own_plans_overdue",  # the issuing unit's emergency plans (decision 0035)
    }  # no 申诉 section: 市司法局 oversees no public enterprise (tests/directory/test_workbench.py)
    code = scenario.cases["fee"].tracking_code
    assert entries(response, "casework.letters_in_signoff") == [
        (
            f"收费通知（{code}）",
            1,
            reverse("backoffice:casework_letter", args=[scenario.submitted_letter.pk]),
            "2026-04-23",  # the case's reply deadline, paused while the fee is unpaid
        )
    ]
    assert entries(response, "foi.extensions_to_decide") == [
        (
            "临近答复期限、尚未延期的申请",
            1,
            reverse("backoffice:foi_case", args=[scenario.cases["due_soon"].pk]),
            "2026-03-30",
        )
    ]
    assert nav_counts(response.content.decode())["工作台"] == "2"


def test_an_extended_case_is_no_longer_an_extension_to_decide(client, scenario):
    from tests.backoffice.todo_scenario import _append

    _append(
        scenario.cases["due_soon"],
        scenario.office_head,
        "extended",
        "2026-03-26",
        workdays=10,
        reason="需调取档案",
    )
    client.force_login(scenario.office_head)
    assert "foi.extensions_to_decide" not in {
        s.provider.code
        for s, _ in client.get(reverse("backoffice:dashboard")).context["sections"]
        if s.entries
    }


def test_reviewer_sees_what_waits_for_sign_off_by_kind(client, scenario):
    client.force_login(scenario.reviewer)
    response = client.get(reverse("backoffice:dashboard"))
    queue = reverse("backoffice:review_queue")
    assert [(t, n, u) for t, n, u, _ in entries(response, "review.queue")] == [
        ("待审签：信息发布", 1, queue),
    ]
    # The scenario's letters go to the office head: nothing of them here.
    assert entries(response, "casework.letters_in_signoff") == []
    html = response.content.decode()
    assert nav_counts(html) == {"工作台": "1", "审签": "1"}


def test_editor_sees_returned_drafts_and_missing_interpretations(client, scenario):
    client.force_login(scenario.editor)
    response = client.get(reverse("backoffice:dashboard"))
    assert entries(response, "catalog.returned_drafts") == [
        (
            "关于开展2026年普法宣传月活动的通知",
            1,
            reverse("backoffice:catalog_document", args=[scenario.returned.pk]),
            None,
        )
    ]
    doc = scenario.missing_interpretation
    assert entries(response, "catalog.interpretation_flags") == [
        (doc.title, 1, reverse("backoffice:catalog_document", args=[doc.pk]), "2026-03-05")
    ]
    assert "政策文件未发布解读" in response.content.decode()
    assert nav_counts(response.content.decode()) == {"工作台": "2", "信息发布": "2"}


def test_supervisor_sees_overdue_cases_by_agency_sites_leaders_and_reports(client, scenario, agency):
    client.force_login(scenario.supervisor)
    response = client.get(reverse("backoffice:dashboard"))
    assert entries(response, "foi.overdue_by_agency") == [
        (
            "市司法局：逾期未答复的申请",
            1,
            f"{reverse('backoffice:foi_workbench')}?queue=overdue&organization=dl-sfj",
            "2026-03-06",
        )
    ]
    assert entries(response, "reports.sites_failing") == [
        (
            "市司法局：市司法局门户网站巡检未通过或IPv6未达标",
            1,
            reverse("backoffice:monitoring_site", args=[scenario.site.pk]),
            None,
        )
    ]
    assert entries(response, "reports.leaders_not_filed")[0][:3] == (
        "未备案分管负责人的机构",
        2,
        reverse("backoffice:leaders"),
    )
    reports = entries(response, "reports.annual_not_published")
    assert [(t, n, d) for t, n, _, d in reports] == [
        ("2025年度政府信息公开工作年度报告未发布（部门）", 1, "2026-01-31"),
        ("2025年度政府信息公开工作年度报告未发布（人民政府）", 1, "2026-03-31"),
    ]
    assert [e.overdue for e in sections(response)["reports.annual_not_published"].entries] == [True, False]
    counts = nav_counts(response.content.decode())
    assert counts["工作台"] == "6"
    assert counts["负责人备案"] == "2" and counts["网站监测"] == "1" and counts["依申请公开"] == "1"


def test_an_invited_unit_sees_the_joint_study_waiting_for_its_opinion(
    client, scenario, other_agency, make_staff
):
    from zwgk.casework.joint_studies import joint_study_answer, joint_study_open

    case = scenario.cases["due_soon"]
    study = joint_study_open(
        actor=scenario.handler,
        application_id=case.pk,
        question="申请公开的执法案卷是否属于行政执法案卷信息",
        difficulty="涉及两个部门的职责划分",
        units=[other_agency.pk],
        today=TODAY,
    )
    editor = make_staff(other_agency, "editor", username="mzj_editor")
    client.force_login(editor)
    response = client.get(reverse("backoffice:dashboard"))
    assert entries(response, "casework.joint_studies_to_answer") == [
        (
            "市司法局：申请公开的执法案卷是否属于行政执法案卷信息",
            1,
            reverse("backoffice:casework_joint_study", args=[study.pk]),
            "2026-03-30",
        )
    ]
    assert nav_counts(response.content.decode())["申请会商"] == "1"
    invitation = study.invitations.get()
    joint_study_answer(actor=editor, invitation_id=invitation.pk, opinion="属于，建议不予公开", today=TODAY)
    response = client.get(reverse("backoffice:dashboard"))
    assert entries(response, "casework.joint_studies_to_answer") == []


def test_staff_without_a_role_get_no_to_do_list(client, make_staff, agency):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="newcomer"))
    response = client.get(reverse("backoffice:dashboard"))
    assert response.context["sections"] == []
    assert "尚未分配岗位" in response.content.decode()


def test_another_agencys_handler_sees_nothing_of_ours(client, scenario, other_agency, make_staff):
    client.force_login(make_staff(other_agency, "handler", username="mzj_handler"))
    response = client.get(reverse("backoffice:dashboard"))
    assert all(not s.entries for s, _ in response.context["sections"])
    assert "nav-count" not in response.content.decode()


# --- the cost of the counts ----------------------------------------------------------------------


def _queries(client, django_assert_max_num_queries, url, limit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# The page's own queries (session, user, roles; the supervisor's calendar page reads the calendar).
@pytest.mark.parametrize(
    ("role", "page_queries"),
    [("handler", 3), ("office_head", 3), ("reviewer", 3), ("editor", 3), ("supervisor", 4)],
)
def test_the_to_do_counts_cost_a_fixed_number_of_queries(
    client, scenario, agency, role, page_queries, django_assert_max_num_queries
):
    """Every back-office page shows the counts: a few queries per role, however much data."""
    limit = page_queries + NAV_TODO_QUERIES
    client.force_login(getattr(scenario, role))
    url = reverse("backoffice:calendar") if role == "supervisor" else reverse("backoffice:password_change")
    client.get(url)
    before = _queries(client, django_assert_max_num_queries, url, limit)
    more_of_everything(agency, scenario)
    after = _queries(client, django_assert_max_num_queries, url, limit)
    assert after == before
    dashboard = reverse("backoffice:dashboard")
    # The workbench itself lists the same sections (computed once) and the user's posts.
    assert _queries(client, django_assert_max_num_queries, dashboard, limit + 6) >= before
