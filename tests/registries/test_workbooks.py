"""The .xlsx templates, exports and imports: one sheet per area, documented columns, and an
export → import → export round trip that is the same workbook cell by cell."""

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from tests.catalog.factories import published
from tests.registries.conftest import item_raw, power_raw
from zwgk.core.errors import ValidationFailed
from zwgk.registries.catalogues import (
    catalogue_adopt,
    parse_item,
    standard_item_link_documents,
    standard_item_upsert,
)
from zwgk.registries.models import Area, PowerItem, StandardItem
from zwgk.registries.powers import current_version, draft_version, power_list_publish
from zwgk.registries.workbooks import (
    CATALOGUE_COLUMNS,
    HELP_SHEET,
    POWER_SHEET,
    catalogue_import,
    catalogue_workbook,
    power_import,
    power_workbook,
)


def cells(data: bytes) -> dict[str, list[list]]:
    wb = load_workbook(BytesIO(data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_the_blank_template_has_a_sheet_per_area_and_documents_its_columns(areas):
    sheets = cells(catalogue_workbook(None))
    assert list(sheets)[:-1] == [a.name for a in Area.objects.all()] and len(sheets) == 27
    assert sheets["养老服务"] == [[c.header for c in CATALOGUE_COLUMNS]]
    help_rows = sheets[HELP_SHEET]
    assert [r[1] for r in help_rows[1:]] == [c.header for c in CATALOGUE_COLUMNS]
    assert "政府网站；政府公报" in dict((r[1], r[2]) for r in help_rows[1:])["公开渠道和载体"]


def test_catalogue_round_trip_is_lossless_cell_by_cell(common_elderly, district, district_editor, areas):
    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    extra = standard_item_upsert(
        actor=district_editor,
        organization=district,
        data=parse_item(
            item_raw(
                area="employment",
                level1="就业服务",
                level2="招聘会信息",
                time_limit_workdays=None,
                effective_on=None,
                channels=["website", "new_media", "notice_board", "other"],
                tiers=["county", "township"],
                audience="specific",
                method="on_application",
                content="多行内容：\n一、时间\n二、地点",
            )
        ),
    )
    docs = [published(district, on=date(2026, 3, 5), title=f"招聘会公告{n}") for n in (1, 2)]
    standard_item_link_documents(actor=district_editor, item=extra, documents=docs)
    first = catalogue_workbook(district)
    before = cells(first)
    assert list(before) == ["就业", "养老服务", HELP_SHEET]
    assert before["就业"][1][7] == "政府网站；两微一端；社区/企事业单位/村公示栏（电子屏）；其他"
    assert before["养老服务"][1][13] == "是"

    StandardItem.objects.filter(organization=district).delete()
    summary = catalogue_import(actor=district_editor, organization=district, fileobj=BytesIO(first))
    assert (summary.rows, summary.sheets) == (4, 2)
    assert cells(catalogue_workbook(district)) == before
    assert StandardItem.objects.filter(organization=district, template__isnull=False).count() == 3
    # Importing the same file again changes nothing.
    catalogue_import(actor=district_editor, organization=district, fileobj=BytesIO(first))
    assert cells(catalogue_workbook(district)) == before


def _edited(data: bytes, sheet: str, row: int, col: int, value) -> BytesIO:
    wb = load_workbook(BytesIO(data))
    wb[sheet].cell(row=row, column=col, value=value)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_a_wrong_row_imports_nothing_and_names_sheet_and_row(
    common_elderly, district, district_editor, areas
):
    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    data = catalogue_workbook(district)
    StandardItem.objects.filter(organization=district).delete()
    with pytest.raises(ValidationFailed) as exc:
        catalogue_import(
            actor=district_editor, organization=district, fileobj=_edited(data, "养老服务", 3, 9, "某些人")
        )
    assert exc.value.code == "invalid_rows" and list(exc.value.fields) == ["养老服务 第3行"]
    with pytest.raises(ValidationFailed) as exc:
        catalogue_import(
            actor=district_editor, organization=district, fileobj=_edited(data, "养老服务", 2, 8, "传真")
        )
    assert "传真" in exc.value.fields["养老服务 第2行"]
    with pytest.raises(ValidationFailed) as exc:
        catalogue_import(
            actor=district_editor, organization=district, fileobj=_edited(data, "养老服务", 1, 1, "事项")
        )
    assert exc.value.code == "wrong_template"
    assert not StandardItem.objects.filter(organization=district).exists()


def test_an_unknown_sheet_is_refused(district, district_editor, areas):
    wb = Workbook()
    wb.active.title = "不存在的领域"
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(ValidationFailed) as exc:
        catalogue_import(actor=district_editor, organization=district, fileobj=out)
    assert "不存在的领域" in exc.value.fields


def test_power_list_round_trip_is_lossless_cell_by_cell(published_list, agency, editor, make_staff):
    first = power_workbook(current_version(agency))
    before = cells(first)
    assert before[POWER_SHEET][0][:3] == ["事项编码", "事项类型", "事项名称"]
    assert before[POWER_SHEET][1][:3] == ["000172101000", "行政许可", "律师事务所设立许可"]
    version = power_import(actor=editor, organization=agency, fileobj=BytesIO(first))
    assert version == draft_version(agency) and version.number == 2
    assert cells(power_workbook(version)) == before
    power_list_publish(actor=make_staff(agency, "office_head"), version=version, on=date(2026, 6, 1))
    assert cells(power_workbook(current_version(agency))) == before


def test_power_import_replaces_the_draft_and_checks_codes(published_list, agency, editor):
    data = power_workbook(None)
    wb = load_workbook(BytesIO(data))
    ws = wb[POWER_SHEET]
    for raw in (power_raw(), power_raw(code="000172101000", name="重复编码")):
        ws.append(
            [
                raw["code"],
                "行政许可",
                raw["name"],
                "",
                raw["legal_basis"],
                raw["responsible_unit"],
                raw["accountability"],
                "",
                10,
            ]
        )
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(ValidationFailed):
        power_import(actor=editor, organization=agency, fileobj=out)
    ws.delete_rows(3)
    ws.cell(row=2, column=2, value="行政审批")
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    with pytest.raises(ValidationFailed) as exc:
        power_import(actor=editor, organization=agency, fileobj=out)
    assert "第2行" in exc.value.fields
    assert PowerItem.objects.filter(version__organization=agency).count() == 2  # version 1 only


# --- a re-import removes what the sheet no longer has, after a preview (decision 0035) ---------
def _without_row(data: bytes, sheet: str, row: int) -> BytesIO:
    wb = load_workbook(BytesIO(data))
    wb[sheet].delete_rows(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_a_reimport_plans_additions_changes_and_removals_before_writing(
    common_elderly, district, district_editor, areas
):
    from zwgk.core.errors import Conflict
    from zwgk.core.models import AuditEntry
    from zwgk.registries.workbooks import catalogue_import_plan

    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    standard_item_upsert(
        actor=district_editor,
        organization=district,
        data=parse_item(item_raw(area="employment", level1="就业服务", level2="招聘会信息")),
    )
    exported = catalogue_workbook(district)
    before = cells(exported)
    # The sheet drops row 3 (养老服务补贴政策), changes a time limit and adds a row.
    wb = load_workbook(_without_row(exported, "养老服务", 3))
    wb["养老服务"].cell(row=2, column=5, value="10个工作日内")
    wb["养老服务"].append(
        [
            "养老服务机构",
            "社区养老驿站名录",
            "名称、地址",
            "《养老机构管理办法》",
            "常态公开",
            "",
            "区民政局",
            "政府网站",
            "全社会",
            "主动",
            "县级",
            "",
            40,
            "",
            "",
        ]
    )
    del wb["就业"]  # an area without a sheet is left alone
    edited = BytesIO()
    wb.save(edited)
    data = edited.getvalue()

    plan = catalogue_import_plan(actor=district_editor, organization=district, fileobj=BytesIO(data))
    assert [(r.area, r.level2) for r in plan.added] == [("养老服务", "社区养老驿站名录")]
    assert [(r.level2, r.fields) for r in plan.changed] == [("养老机构备案信息", ("公开时限",))]
    assert [i.level2 for i in plan.removed] == ["养老服务补贴政策"]
    # Planning wrote nothing.
    assert cells(catalogue_workbook(district)) == before
    assert not AuditEntry.objects.filter(verb="registries.catalogue_import").exists()

    # A confirmation of another preview (the catalogue changed since) is refused.
    with pytest.raises(Conflict):
        catalogue_import(
            actor=district_editor, organization=district, fileobj=BytesIO(data), confirmed="0" * 32
        )
    summary = catalogue_import(
        actor=district_editor, organization=district, fileobj=BytesIO(data), confirmed=plan.fingerprint
    )
    assert (summary.added, summary.changed, summary.removed) == (1, 1, 1)
    level2s = set(StandardItem.objects.filter(organization=district).values_list("level2", flat=True))
    assert "养老服务补贴政策" not in level2s and {"社区养老驿站名录", "招聘会信息"} <= level2s
    entry = AuditEntry.objects.get(verb="registries.catalogue_import")
    assert entry.data == {"added": 1, "changed": 1, "removed": 1, "rows": 3}
    assert AuditEntry.objects.filter(verb="registries.standard_item_delete").count() == 1


def test_a_blank_template_filled_for_one_area_removes_nothing_elsewhere(
    common_elderly, district, district_editor, areas
):
    from zwgk.registries.workbooks import catalogue_import_plan

    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    blank = load_workbook(BytesIO(catalogue_workbook(None, areas=list(Area.objects.all()), rows=False)))
    blank["就业"].append(
        [
            "就业服务",
            "招聘会信息",
            "时间、地点",
            "《就业促进法》",
            "常态公开",
            "",
            "区人社局",
            "政府网站",
            "全社会",
            "主动",
            "县级",
            "",
            10,
            "",
            "",
        ]
    )
    out = BytesIO()
    blank.save(out)
    plan = catalogue_import_plan(
        actor=district_editor, organization=district, fileobj=BytesIO(out.getvalue())
    )
    assert len(plan.added) == 1 and plan.removed == [] and "养老服务" in plan.untouched_areas


def test_the_import_page_previews_then_imports_on_confirmation(
    client, common_elderly, district, district_editor, areas
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    data = _without_row(catalogue_workbook(district), "养老服务", 3).getvalue()
    client.force_login(district_editor)
    url = "/staff/registries/catalogues/dl-gjz/"
    r = client.post(url, {"action": "import", "file": SimpleUploadedFile("目录.xlsx", data)})
    page = r.content.decode()
    assert r.status_code == 200 and "将删除的事项（1项）" in page and "养老服务补贴政策" in page
    assert StandardItem.objects.filter(organization=district).count() == 3
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)
    r = client.post(
        url, {"action": "import_confirm", "token": token, "fingerprint": fingerprint}, follow=True
    )
    assert "新增 0 项，修改 0 项，删除 1 项" in r.content.decode()
    assert StandardItem.objects.filter(organization=district).count() == 2
    # The stored file is used once.
    r = client.post(
        url, {"action": "import_confirm", "token": token, "fingerprint": fingerprint}, follow=True
    )
    assert "预览已过期，请重新上传表格。" in r.content.decode()
