"""Progress reports: who may report, what a report must carry, and the derived unit status."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.workplan.models import ProgressStatus, TaskUnit, UnitRole
from zwgk.workplan.services import progress_report_submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def task(plan):
    return plan.tasks.get(section="三、(三)")


@pytest.fixture
def sfj_editor(dalian, make_staff):
    return make_staff(dalian["dl-sfj"], "editor", username="sfj_xinxiyuan")


def submit(actor, task, org, status=ProgressStatus.IN_PROGRESS, **kw):
    kw.setdefault("text", "已报送政策文件12件。")
    kw.setdefault("reported_on", date(2020, 9, 10))
    return progress_report_submit(actor=actor, task_id=task.pk, organization=org, status=status, **kw)


def status_of(task, org):
    return TaskUnit.objects.get(task=task, organization=org, role=UnitRole.RESPONSIBLE).status


def test_editor_reports_for_own_unit_and_the_status_follows(task, dalian, sfj_editor):
    report = submit(sfj_editor, task, dalian["dl-sfj"])
    assert report.reported_by == sfj_editor and report.reporter_name
    assert status_of(task, dalian["dl-sfj"]) == ProgressStatus.IN_PROGRESS
    submit(
        sfj_editor,
        task,
        dalian["dl-sfj"],
        ProgressStatus.DONE,
        links=["https://www.dl.gov.cn/col/col1234/art_5678.html"],
        reported_on=date(2020, 9, 14),
    )
    row = TaskUnit.objects.get(task=task, organization=dalian["dl-sfj"], role=UnitRole.RESPONSIBLE)
    assert (row.status, row.status_reported_on) == (ProgressStatus.DONE, date(2020, 9, 14))


def test_a_unit_cannot_report_for_another_unit(task, dalian, sfj_editor):
    with pytest.raises(NotPermitted):
        submit(sfj_editor, task, dalian["dl-mzj"])
    assert status_of(task, dalian["dl-mzj"]) == ProgressStatus.NOT_STARTED


@pytest.mark.parametrize("role", ["reviewer", "handler"])
def test_other_roles_of_the_unit_cannot_report(task, dalian, make_staff, role):
    with pytest.raises(NotPermitted):
        submit(make_staff(dalian["dl-sfj"], role), task, dalian["dl-sfj"])


def test_office_head_may_report(task, dalian, make_staff):
    submit(make_staff(dalian["dl-sfj"], "office_head"), task, dalian["dl-sfj"])


def test_the_supervising_office_cannot_report_on_behalf_of_a_unit(task, dalian, make_staff):
    supervisor = make_staff(dalian["dl"], "supervisor")
    with pytest.raises(NotPermitted):
        submit(supervisor, task, dalian["dl-zsq"])


def test_a_unit_not_on_the_task_cannot_report_on_it(plan, dalian, make_staff):
    task = plan.tasks.get(section="六、(三)")  # 市司法局 is not among its units
    with pytest.raises(NotPermitted):
        submit(make_staff(dalian["dl-sfj"], "editor"), task, dalian["dl-sfj"])


def test_completion_must_be_evidenced(task, dalian, sfj_editor):
    with pytest.raises(ValidationFailed) as exc:
        submit(sfj_editor, task, dalian["dl-sfj"], ProgressStatus.DONE)
    assert "links" in exc.value.fields


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://x.example/a", "见附件 说明"])
def test_links_must_be_urls_or_catalogue_references(task, dalian, sfj_editor, link):
    with pytest.raises(ValidationFailed):
        submit(sfj_editor, task, dalian["dl-sfj"], links=[link])


def test_catalogue_item_references_count_as_evidence(task, dalian, sfj_editor):
    from zwgk.catalog.models import Document

    Document.objects.create(
        organization=dalian["dl-sfj"], title="甲", index_no="11210200MB1234567K/2020-00015"
    )
    Document.objects.create(pk=4821, organization=dalian["dl-sfj"], title="乙")
    report = submit(
        sfj_editor,
        task,
        dalian["dl-sfj"],
        ProgressStatus.DONE,
        links=["11210200MB1234567K/2020-00015", "4821"],
    )
    assert report.evidence_links == ["11210200MB1234567K/2020-00015", "4821"]


def test_an_uploaded_pdf_is_kept_with_its_sniffed_type(task, dalian, sfj_editor):
    upload = SimpleUploadedFile("报送清单.pdf", PDF, content_type="text/html")
    report = submit(sfj_editor, task, dalian["dl-sfj"], ProgressStatus.DONE, files=[upload])
    evidence = report.uploads.get()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "报送清单.pdf",
        "application/pdf",
        len(PDF),
    )
    assert len(evidence.sha256) == 64


def test_a_file_that_is_not_a_document_is_refused(task, dalian, sfj_editor):
    upload = SimpleUploadedFile(
        "报告.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationFailed):
        submit(sfj_editor, task, dalian["dl-sfj"], files=[upload])


def test_a_file_over_the_limit_is_refused(task, dalian, sfj_editor, settings):
    settings.ZWGK_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationFailed):
        submit(sfj_editor, task, dalian["dl-sfj"], files=[SimpleUploadedFile("a.pdf", PDF)])


def test_a_catalogue_item_given_as_evidence_must_exist(task, dalian, sfj_editor):
    with pytest.raises(ValidationFailed) as exc:
        submit(sfj_editor, task, dalian["dl-sfj"], ProgressStatus.DONE, links=["4821"])
    assert "4821" in exc.value.fields["links"]
    assert not task.reports.exists()


def test_a_late_entered_older_report_does_not_overwrite_the_newer_status(task, dalian, sfj_editor):
    submit(
        sfj_editor,
        task,
        dalian["dl-sfj"],
        ProgressStatus.DONE,
        links=["https://www.dl.gov.cn/sfj/a.html"],
        reported_on=date(2020, 9, 14),
    )
    submit(sfj_editor, task, dalian["dl-sfj"], ProgressStatus.IN_PROGRESS, reported_on=date(2020, 9, 1))
    assert status_of(task, dalian["dl-sfj"]) == ProgressStatus.DONE
    assert task.reports.count() == 2


def test_each_report_is_audited(task, dalian, sfj_editor):
    submit(sfj_editor, task, dalian["dl-sfj"])
    entry = AuditEntry.objects.get(verb="workplan.progress_report")
    assert entry.organization_code == "dl-sfj"
    assert entry.before == {"responsible": "not_started"}
    assert entry.after == {"responsible": "in_progress"}
    assert entry.data["task"] == "三、(三)"


def test_a_lead_unit_that_is_also_responsible_moves_both_rows(task, dalian, make_staff):
    zfb = dalian["dl-zfb"]
    submit(make_staff(zfb, "editor"), task, zfb)
    assert set(TaskUnit.objects.filter(task=task, organization=zfb).values_list("role", "status")) == {
        (UnitRole.LEAD, ProgressStatus.IN_PROGRESS),
        (UnitRole.RESPONSIBLE, ProgressStatus.IN_PROGRESS),
    }
