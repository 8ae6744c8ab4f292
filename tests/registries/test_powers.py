"""Power and responsibility lists: versions (publish the latest, adjust dynamically), who edits
and who publishes, and the negative list linked to agencies' licensing items."""

from datetime import date

import pytest

from tests.registries.conftest import power_raw
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed
from zwgk.registries.models import (
    NegativeCategory,
    NegativeListEdition,
    NegativeListItem,
    PowerKind,
    VersionState,
)
from zwgk.registries.powers import (
    current_version,
    negative_edition_set_current,
    negative_item_link,
    negative_item_measures_set,
    parse_power_item,
    power_item_delete,
    power_item_upsert,
    power_list_draft,
    power_list_publish,
    resolved_links,
    version_changes,
)


def test_the_ten_item_types():
    assert [str(label) for label in PowerKind.labels] == [
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政征收",
        "行政给付",
        "行政检查",
        "行政确认",
        "行政奖励",
        "行政裁决",
        "其他",
    ]


def test_parse_names_every_bad_field():
    with pytest.raises(ValidationFailed) as exc:
        parse_power_item(power_raw(kind="permit", name="", sort=-1))
    assert set(exc.value.fields) == {"kind", "name", "sort"}


def test_an_adjustment_starts_from_the_latest_version_and_replaces_it_when_published(
    published_list, agency, make_staff
):
    editor = make_staff(agency, "editor", username="sfj_e")
    head = make_staff(agency, "office_head", username="sfj_head")
    draft = power_list_draft(actor=editor, organization=agency, note="2026年动态调整")
    assert draft.number == 2 and draft.items.count() == 2
    assert power_list_draft(actor=editor, organization=agency) == draft  # one adjustment at a time
    assert current_version(agency) == published_list  # the public still sees version 1
    power_item_upsert(
        actor=editor,
        version=draft,
        data=parse_power_item(power_raw(legal_basis="《律师法》第十八条（2017年修正）")),
    )
    power_item_delete(actor=editor, item=draft.items.get(code="000272101000"))
    power_item_upsert(
        actor=editor,
        version=draft,
        data=parse_power_item(power_raw(code="000772101000", kind="reward", name="对优秀律师的表彰")),
    )
    with pytest.raises(NotPermitted):
        power_list_publish(actor=editor, version=draft, on=date(2026, 6, 1))  # 信息员 edit, heads publish
    power_list_publish(actor=head, version=draft, on=date(2026, 6, 1))
    assert current_version(agency) == draft
    changes = version_changes(draft)
    assert (changes.added, changes.removed, changes.changed) == (
        ["000772101000"],
        ["000272101000"],
        ["000172101000"],
    )
    # Published versions never change; version 1 keeps its items.
    with pytest.raises(Conflict):
        power_item_upsert(actor=editor, version=published_list, data=parse_power_item(power_raw()))
    assert published_list.items.count() == 2 and published_list.state == VersionState.PUBLISHED


def test_other_agencies_cannot_edit(published_list, agency, other_agency, make_staff):
    outsider = make_staff(other_agency, "editor", "office_head", username="mzj")
    with pytest.raises(NotPermitted):
        power_list_draft(actor=outsider, organization=agency)


def test_an_empty_list_is_not_published(agency):
    draft = power_list_draft(actor=None, organization=agency, check_permission=False)
    with pytest.raises(ValidationFailed):
        power_list_publish(actor=None, version=draft, on=date(2026, 3, 2), check_permission=False)


def test_negative_list_items_link_to_current_licensing_items(published_list, agency, admin_user, editor):
    edition = NegativeListEdition.objects.create(
        title="市场准入负面清单（2025年版）", issued_on=date(2025, 4, 24), issuer="国家发展改革委 商务部"
    )
    item = NegativeListItem.objects.create(
        edition=edition,
        number=101,
        category=NegativeCategory.LICENSED,
        industry="租赁和商务服务业",
        title="未获得许可，不得设立律师事务所",
        measures="律师事务所设立审批",
    )
    negative_edition_set_current(actor=admin_user, edition=edition)
    with pytest.raises(NotPermitted):
        negative_item_measures_set(actor=editor, item=item, city_measures="…")
    negative_item_measures_set(
        actor=admin_user, item=item, city_measures="由市司法局在政务服务中心受理，承诺时限10个工作日。"
    )
    with pytest.raises(ValidationFailed):  # a penalty item is not a licensing item
        negative_item_link(actor=admin_user, item=item, organization=agency, power_code="000272101000")
    negative_item_link(actor=admin_user, item=item, organization=agency, power_code="000172101000")
    [link] = resolved_links(item)
    assert link.power_item.name == "律师事务所设立许可" and link.power_item.version == published_list
    # The link follows the agency's next published version.
    draft = power_list_draft(actor=None, organization=agency, check_permission=False)
    power_list_publish(actor=None, version=draft, on=date(2026, 6, 1), check_permission=False)
    [link] = resolved_links(item)
    assert link.power_item.version == draft
    # Only one edition is current.
    newer = NegativeListEdition.objects.create(
        title="市场准入负面清单（2026年版）", issued_on=date(2026, 5, 1), issuer="国家发展改革委 商务部"
    )
    newer.items.create(
        number=1, category=NegativeCategory.PROHIBITED, industry="各行业", title="禁止性规定", measures="…"
    )
    negative_edition_set_current(actor=admin_user, edition=newer)
    assert list(NegativeListEdition.objects.filter(is_current=True)) == [newer]
