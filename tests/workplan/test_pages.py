"""Back-office pages of the tracker: what each role sees, reporting through the form, query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.backoffice import NAV_TODO_QUERIES
from zwgk.workplan.models import ProgressReport, ProgressStatus, TaskUnit
from zwgk.workplan.services import progress_report_submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def supervisor(dalian, make_staff):
    return make_staff(dalian["dl"], "supervisor", username="gkb")


@pytest.fixture
def reported(plan, dalian):
    """Some progress, so the pages have reports, statuses and uploads to show."""
    task = plan.tasks.get(section="三、(三)")
    for code in ["dl-sfj", "dl-mzj", "dl-zsq", "dl-jpxq"]:
        progress_report_submit(
            actor=None,
            task_id=task.pk,
            organization=dalian[code],
            status=ProgressStatus.DONE,
            text="已完成。",
            reported_on=date(2020, 9, 14),
            links=["https://www.dl.gov.cn/a.html"],
            files=[SimpleUploadedFile("清单.pdf", PDF)],
            check_permission=False,
        )
    return task


def test_the_menu_leads_every_staff_member_to_the_tracker(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/staff/").content.decode()
    assert "工作安排落实" in page


def test_overview_shows_completion_by_unit_with_a_chart_and_its_text(client, supervisor, plan, reported):
    client.force_login(supervisor)
    response = client.get("/staff/workplan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2020年大连市政务公开工作安排" in html
    assert "各单位完成情况" in html and "市水务集团" in html
    assert 'role="img"' in html and "backoffice/vendor/echarts.min.js" in html
    assert 'id="workplan-chart-data"' in html


def test_overview_query_count_does_not_grow_with_units(
    client, supervisor, plan, reported, django_assert_max_num_queries
):
    client.force_login(supervisor)
    with django_assert_max_num_queries(18 + NAV_TODO_QUERIES):
        client.get(f"/staff/workplan/{plan.pk}/")


def test_task_list_filters_by_unit_and_overdue(
    client, supervisor, plan, reported, django_assert_max_num_queries
):
    client.force_login(supervisor)
    with django_assert_max_num_queries(16 + NAV_TODO_QUERIES):
        html = client.get(f"/staff/workplan/{plan.pk}/tasks/", {"unit": "dl-swjt"}).content.decode()
    assert "完成公共企事业单位信息公开" in html
    assert "集中发布" not in html  # 市水务集团 has only 六、(三)
    html = client.get(f"/staff/workplan/{plan.pk}/tasks/", {"overdue": "on"}).content.decode()
    assert "共 23 项任务逾期未完成" in html  # the plan is of 2020: everything unfinished is late


def test_matrix_page(client, supervisor, plan, reported, django_assert_max_num_queries):
    client.force_login(supervisor)
    with django_assert_max_num_queries(16 + NAV_TODO_QUERIES):
        html = client.get(f"/staff/workplan/{plan.pk}/matrix/").content.decode()
    assert "六、(三)" in html and "金普新区管委会" in html


def test_task_page_lists_units_and_reports(client, supervisor, reported, django_assert_max_num_queries):
    client.force_login(supervisor)
    with django_assert_max_num_queries(20):
        html = client.get(f"/staff/workplan/tasks/{reported.pk}/").content.decode()
    assert "9月15日前" in html and "清单.pdf" in html
    assert "报送进展" not in html  # the supervising office does not report


def test_an_editor_reports_progress_with_a_file(client, dalian, make_staff, plan):
    editor = make_staff(dalian["dl-sfj"], "editor")
    task = plan.tasks.get(section="七、(三)")
    client.force_login(editor)
    assert "报送进展" in client.get(f"/staff/workplan/tasks/{task.pk}/").content.decode()
    response = client.post(
        f"/staff/workplan/tasks/{task.pk}/",
        {
            "organization": dalian["dl-sfj"].pk,
            "status": "done",
            "text": "门户网站已支持IPv6，二三级页面支持度96%。",
            "links": "https://www.dl.gov.cn/ipv6-report.html",
            "files": [SimpleUploadedFile("检测报告.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert (report.organization, report.reported_by, report.uploads.count()) == (dalian["dl-sfj"], editor, 1)
    assert TaskUnit.objects.get(task=task, organization=dalian["dl-sfj"], role="responsible").status == "done"
    download = client.get(f"/staff/workplan/evidence/{report.uploads.get().pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")


def test_the_form_offers_only_the_editors_own_unit(client, dalian, make_staff, plan):
    client.force_login(make_staff(dalian["dl-sfj"], "editor"))
    task = plan.tasks.get(section="七、(三)")
    response = client.post(
        f"/staff/workplan/tasks/{task.pk}/",
        {"organization": dalian["dl-mzj"].pk, "status": "in_progress", "text": "代报"},
    )
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


def test_done_without_evidence_shows_the_error_on_the_form(client, dalian, make_staff, plan):
    client.force_login(make_staff(dalian["dl-sfj"], "editor"))
    task = plan.tasks.get(section="七、(三)")
    response = client.post(
        f"/staff/workplan/tasks/{task.pk}/",
        {"organization": dalian["dl-sfj"].pk, "status": "done", "text": "完成了"},
    )
    assert response.status_code == 200
    assert "须附佐证" in response.content.decode()


def test_another_units_task_and_files_are_not_found(client, dalian, make_staff, plan, reported):
    client.force_login(make_staff(dalian["dl-jyj"], "editor"))
    assert client.get(f"/staff/workplan/tasks/{plan.tasks.get(section='五、(二)').pk}/").status_code == 404
    other = ProgressReport.objects.filter(organization=dalian["dl-sfj"]).get().uploads.get()
    assert client.get(f"/staff/workplan/evidence/{other.pk}/").status_code == 404


def test_staff_without_tasks_get_an_empty_page(client, dalian, make_staff, plan):
    client.force_login(make_staff(dalian["dl-zsq-mzj"], "editor"))
    response = client.get("/staff/workplan/")
    assert response.status_code == 200 and "暂无" in response.content.decode()
    assert client.get(f"/staff/workplan/{plan.pk}/").status_code == 404
