"""Standard catalogues (RULES §3.4): editing rules, adoption of the common catalogue, the
departure-from-template and unfulfilled-item reports."""

from datetime import date

import pytest

from tests.catalog.factories import published
from tests.factories import OrganizationFactory
from tests.registries.conftest import item_raw
from zwgk.core.errors import NotPermitted, ValidationFailed
from zwgk.core.models import AuditEntry
from zwgk.registries.catalogues import (
    DepartureKind,
    Unfulfilled,
    catalogue_adopt,
    parse_item,
    standard_item_link_documents,
    standard_item_upsert,
    template_departures,
    unfulfilled_items,
)
from zwgk.registries.models import Area, StandardItem


def test_the_26_areas_are_seeded_as_data(areas):
    assert len(areas) == 26
    assert Area.objects.get(code="elderly-care").name == "养老服务"
    Area.objects.filter(code="health").update(name="卫生健康")  # local catalogues rename areas
    assert Area.objects.get(code="health").name == "卫生健康"


def test_parse_names_every_bad_field(areas):
    with pytest.raises(ValidationFailed) as exc:
        parse_item(item_raw(area="nowhere", level1="", channels=["fax"], tiers=[], method="sometimes"))
    assert set(exc.value.fields) == {"area", "level1", "channels", "tiers", "method"}


def test_channels_are_stored_in_checklist_order_once(areas):
    data = parse_item(item_raw(channels=["service_centre", "website", "website"]))
    assert data.channels == ["website", "service_centre"]


def test_only_the_owning_unit_edits_its_catalogue(areas, district, district_editor, make_staff, city):
    item = standard_item_upsert(actor=district_editor, organization=district, data=parse_item(item_raw()))
    assert item.organization == district
    assert AuditEntry.objects.filter(
        verb="registries.standard_item_upsert", organization_code="dl-gjz"
    ).exists()
    other = OrganizationFactory(code="dl-sqg", name="大连市沙河口区人民政府", kind="district", parent=city)
    outsider = make_staff(other, "editor", username="sqg_editor")
    with pytest.raises(NotPermitted):
        standard_item_upsert(actor=outsider, organization=district, data=parse_item(item_raw(level2="x")))
    # The city's supervising office reaches the districts below it.
    supervisor = make_staff(city, "supervisor", username="city_sup")
    standard_item_upsert(actor=supervisor, organization=district, data=parse_item(item_raw(level2="y")))
    # The common catalogue is the platform administrators'.
    with pytest.raises(NotPermitted):
        standard_item_upsert(actor=district_editor, organization=None, data=parse_item(item_raw()))


def test_a_department_keeps_no_standard_catalogue(areas, agency, editor):
    with pytest.raises(ValidationFailed) as exc:
        standard_item_upsert(actor=editor, organization=agency, data=parse_item(item_raw()))
    assert exc.value.code == "not_a_catalogue_unit"


def test_townships_and_streets_keep_catalogues(areas, district):
    street = OrganizationFactory(code="dl-gjz-zlj", name="周水子街道办事处", kind="street", parent=district)
    township = OrganizationFactory(
        code="dl-gjz-ycz", name="营城子镇人民政府", kind="township", parent=district
    )
    for org in (street, township):
        data = parse_item(item_raw(tiers=["township"]))
        assert standard_item_upsert(actor=None, organization=org, data=data, check_permission=False).pk


def test_adopting_copies_the_template_once_with_links(common_elderly, district, district_editor, areas):
    created = catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    assert [i.template for i in created] == common_elderly
    assert [i.level2 for i in created] == ["养老机构备案信息", "养老服务补贴政策", "高龄津贴发放结果"]
    assert catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"]) == []
    assert template_departures(district) == []


def test_departure_report_lists_missing_changed_and_added(common_elderly, district, district_editor, areas):
    catalogue_adopt(actor=district_editor, organization=district, area=areas["elderly-care"])
    # Changed: a shorter time limit and one more channel.
    standard_item_upsert(
        actor=district_editor,
        organization=district,
        data=parse_item(
            item_raw(
                level2="养老服务补贴政策",
                sort=2,
                time_limit_workdays=10,
                channels=["website", "service_centre", "notice_board"],
            )
        ),
    )
    # Missing: the district dropped one template item.
    StandardItem.objects.get(organization=district, level2="高龄津贴发放结果").delete()
    # Added: the district's own extension.
    standard_item_upsert(
        actor=district_editor, organization=district, data=parse_item(item_raw(level2="社区养老服务驿站名录"))
    )
    # Another area the district has not adopted is not reported.
    standard_item_upsert(
        actor=district_editor,
        organization=district,
        data=parse_item(item_raw(area="employment", level1="就业")),
    )
    rows = [(d.kind, d.level2, d.fields) for d in template_departures(district)]
    assert rows == [
        (DepartureKind.MISSING, "高龄津贴发放结果", ()),
        (DepartureKind.CHANGED, "养老服务补贴政策", ("time_limit_workdays", "channels")),
        (DepartureKind.ADDED, "社区养老服务驿站名录", ()),
    ]
    assert template_departures(district)[1].field_labels == ["公开时限（工作日）", "公开渠道和载体"]


@pytest.mark.parametrize(
    ("effective_on", "workdays", "due_on"),
    [
        (date(2026, 3, 2), 20, date(2026, 3, 30)),  # ordinary weeks
        (date(2026, 9, 24), 5, date(2026, 10, 9)),  # 中秋 25–27 Sept and 国庆 1–7 Oct are not counted
        (date(2026, 9, 18), 2, date(2026, 9, 21)),  # Sunday 20 Sept is a make-up working day
        (date(2025, 12, 30), 2, date(2026, 1, 4)),  # 元旦 1–3 Jan off, Sunday 4 Jan worked
    ],
)
def test_time_limits_count_official_working_days(areas, district, effective_on, workdays, due_on):
    item = standard_item_upsert(
        actor=None,
        organization=district,
        data=parse_item(item_raw(effective_on=effective_on, time_limit_workdays=workdays)),
        check_permission=False,
    )
    [row] = unfulfilled_items(district, today=date(2026, 12, 31))
    assert (row.item, row.due_on, row.status) == (item, due_on, Unfulfilled.MISSING)
    # The day the limit runs out is still within it.
    assert unfulfilled_items(district, today=due_on) == []


def test_unfulfilled_report_lists_missing_and_late_items_only(areas, district):
    def add(level2, **over):
        data = parse_item(item_raw(level2=level2, **over))
        return standard_item_upsert(actor=None, organization=district, data=data, check_permission=False)

    on_time = add("按时公开")  # due 2026-03-30
    late = add("超时公开")
    missing = add("未公开")
    add("常态公开", time_limit_workdays=None)  # a standing item: no count, not reported
    add("尚未到期", effective_on=date(2026, 12, 1))
    standard_item_link_documents(
        actor=None,
        item=on_time,
        documents=[published(district, on=date(2026, 3, 30), title="养老机构备案名单")],
        check_permission=False,
    )
    standard_item_link_documents(
        actor=None,
        item=late,
        documents=[published(district, on=date(2026, 3, 31), title="养老补贴政策")],
        check_permission=False,
    )
    rows = unfulfilled_items(district, today=date(2026, 12, 2))
    assert [(r.item, r.status, r.first_published_on) for r in rows] == [
        (late, Unfulfilled.LATE, date(2026, 3, 31)),
        (missing, Unfulfilled.MISSING, None),
    ]
    assert [r.status_label for r in rows] == ["超时限公开", "逾期未公开"]
