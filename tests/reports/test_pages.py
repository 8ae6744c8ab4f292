"""The portal page of a published report and the back-office report page."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from tests.reports.conftest import YEAR
from zwgk.reports import services
from zwgk.reports.annual import ROW_LABELS
from zwgk.reports.models import Part2Entry, PublishedReport, ReportText

pytestmark = pytest.mark.django_db

STAFF_URL = "/staff/reports/annual/"


@pytest.fixture
def published(agency, sfj_year):
    return services.report_publish(
        actor=None,
        organization=agency,
        year=YEAR,
        now=datetime(2026, 1, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        check_permission=False,
    )


def _cell(html, key):
    match = re.search(rf'data-key="{re.escape(key)}"[^>]*>([^<]*)<', html)
    assert match, key
    return match.group(1)


def test_the_portal_page_shows_the_published_tables_in_the_national_layout(client, published):
    response = client.get("/reports/annual/dl-sfj/2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "大连市司法局2025年政府信息公开工作年度报告" in html
    assert '<th id="part3-h0-3" scope="colgroup" colspan="7">申请人情况</th>' in html
    assert f'scope="rowgroup" rowspan="22">{ROW_LABELS["1"][:0]}三、本年度办理结果' in html
    assert _cell(html, "part3.1.total") == "5"
    assert _cell(html, "part3.3.7.natural_person") == "4"
    assert _cell(html, "part2.fees.amount_wan_yuan") == "1.25"
    assert _cell(html, "part4.reconsideration.upheld") == "1"
    assert "主动公开政府信息312条。" in html


def test_the_portal_page_does_not_change_when_the_data_does(client, published, agency, make_case):
    make_case(agency, "natural_person", "2025-06-01", ("replied", "2025-06-10", {"outcome": "3.1"}))
    assert _cell(client.get("/reports/annual/dl-sfj/2025/").content.decode(), "part3.1.total") == "5"


def test_a_corrected_report_keeps_its_earlier_version(client, published, agency, make_case):
    make_case(agency, "natural_person", "2025-06-01", ("replied", "2025-06-10", {"outcome": "3.1"}))
    services.report_publish(
        actor=None, organization=agency, year=YEAR, correction_reason="补录漏登记申请", check_permission=False
    )
    latest = client.get("/reports/annual/dl-sfj/2025/").content.decode()
    assert _cell(latest, "part3.1.total") == "6" and "补录漏登记申请" in latest
    first = client.get("/reports/annual/dl-sfj/2025/?version=1").content.decode()
    assert _cell(first, "part3.1.total") == "5" and "已被更正" in first


def test_an_unpublished_report_is_not_on_the_portal(client, agency, sfj_year):
    assert client.get("/reports/annual/dl-sfj/2025/").status_code == 404
    assert client.get("/reports/annual/dl-sfj/2025/?version=x").status_code == 404


def test_the_portal_offers_the_published_files(client, published):
    response = client.get("/reports/annual/dl-sfj/2025/report.xlsx")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "报告全文"
    docx = client.get("/reports/annual/dl-sfj/2025/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get("/reports/annual/dl-sfj/2025/report.pdf").status_code == 404


def test_the_portal_lists_published_reports(client, published):
    html = client.get("/reports/annual/").content.decode()
    assert "/reports/annual/dl-sfj/2025/" in html


# --- Back office ------------------------------------------------------------------------------------


def test_the_staff_page_shows_the_live_report_checks_and_a_draft(client, agency, sfj_cases, make_staff):
    client.force_login(make_staff(agency, "editor"))
    response = client.get(STAFF_URL, {"organization": "dl-sfj", "year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "校验通过" in html
    assert "【请补充】" in html  # no text saved yet: the draft from the data
    assert "本年新收政府信息公开申请5件" in html
    assert "发布年度报告" not in html  # an editor prepares, the office head publishes


def test_the_staff_page_lists_problems_with_their_cases(client, agency, sfj_cases, make_staff):
    from zwgk.foi.models import Application

    Application.objects.filter(pk=sfj_cases["C"].pk).update(outcome="")
    client.force_login(make_staff(agency, "office_head"))
    html = client.get(STAFF_URL, {"organization": "dl-sfj", "year": YEAR}).content.decode()
    assert "处问题" in html and sfj_cases["C"].tracking_code in html


def test_staff_enter_figures_and_texts_and_publish(client, agency, sfj_cases, make_staff):
    client.force_login(make_staff(agency, "office_head"))
    base = f"{STAFF_URL}dl-sfj/{YEAR}/"
    figures = {
        "licensing_decisions": "10",
        "penalty_decisions": "2",
        "coercion_decisions": "0",
        "fees_amount_wan_yuan": "0.5",
        "source_note": "",
    }
    assert client.post(base + "part2/", figures).status_code == 302
    assert Part2Entry.objects.get(organization=agency, year=YEAR).licensing_decisions == 10
    texts = {"overview": "总体情况。", "problems": "问题。", "other": "无。"}
    assert client.post(base + "texts/", texts).status_code == 302
    assert ReportText.objects.get(organization=agency, year=YEAR).overview == "总体情况。"
    assert client.post(base + "publish/", {}).status_code == 302
    assert PublishedReport.objects.get(organization=agency, year=YEAR).snapshot["texts"]["other"] == "无。"
    response = client.post(base + "publish/", {})
    assert response.status_code == 400 and "更正原因" in response.content.decode()


def test_bad_figures_are_shown_on_the_form(client, agency, make_staff):
    client.force_login(make_staff(agency, "editor"))
    response = client.post(f"{STAFF_URL}dl-sfj/{YEAR}/part2/", {"licensing_decisions": "-3"})
    assert response.status_code == 400
    assert not Part2Entry.objects.exists()


def test_another_agencys_staff_cannot_open_the_report(client, agency, other_agency, make_staff):
    client.force_login(make_staff(other_agency, "office_head"))
    assert client.get(STAFF_URL, {"organization": "dl-sfj", "year": YEAR}).status_code == 403
    assert client.post(f"{STAFF_URL}dl-sfj/{YEAR}/texts/", {"overview": "x"}).status_code == 403


def test_the_draft_files_download(client, agency, sfj_year, make_staff):
    client.force_login(make_staff(agency, "editor"))
    response = client.get(f"{STAFF_URL}dl-sfj/{YEAR}/draft.xlsx")
    assert response.status_code == 200
    assert "未发布稿" in response["Content-Disposition"] or "%E6%9C%AA" in response["Content-Disposition"]


def test_the_import_page_imports_a_sheet(client, city, agency, make_staff):
    client.force_login(make_staff(city, "supervisor"))
    template = client.get(f"{STAFF_URL}import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "dl-sfj":
            row[1].value, row[2].value, row[5].value = YEAR, 7, 0.2
        else:
            for cell in row:
                cell.value = None
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "figures.xlsx"
    response = client.post(f"{STAFF_URL}import/", {"file": out})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Part2Entry.objects.get(organization=agency, year=YEAR).licensing_decisions == 7


def test_the_menu_links_to_the_report_page(client, agency, make_staff):
    client.force_login(make_staff(agency, "office_head"))
    assert STAFF_URL in client.get("/staff/").content.decode()
