from datetime import date

import pytest

from tests.catalog.factories import published
from zwgk.catalog.lifecycle import derive_validity
from zwgk.catalog.services import document_record_lifecycle, document_validity_refresh_due
from zwgk.core.errors import Conflict, NotPermitted, ValidationFailed

D = date.fromisoformat
TODAY = D("2026-06-01")


@pytest.mark.parametrize(
    "events, validity",
    [
        ([], "in_force"),
        ([("amended", D("2025-06-09"))], "amended"),
        ([("amended", D("2025-06-09")), ("repealed", D("2026-04-13"))], "repealed"),
        ([("repealed", D("2026-04-13")), ("amended", D("2026-05-01"))], "repealed"),
        ([("expired", D("2025-12-31"))], "expired"),
        ([("expired", D("2025-12-31")), ("repealed", D("2026-01-10"))], "repealed"),
        ([("repealed", D("2026-07-01"))], "in_force"),  # decided, not yet in effect
        ([("repealed", None)], "repealed"),  # imported history without a date
    ],
)
def test_validity_is_derived_from_history(events, validity):
    assert derive_validity(events, today=TODAY) == validity


pytestmark_db = pytest.mark.django_db


@pytest.mark.django_db
def test_amend_then_repeal_updates_the_stored_validity(editor, agency):
    rule = published(agency, on=D("2024-03-21"), kind="rule", title="大连市政府信息公开规定")
    amending = published(
        agency, on=D("2025-06-12"), kind="rule", title="关于修改《大连市政府信息公开规定》的决定"
    )
    repealing = published(agency, on=D("2026-04-16"), kind="rule", title="关于废止部分政府规章的决定")
    document_record_lifecycle(
        actor=editor, document_id=rule.pk, kind="amended", on=D("2025-06-12"), by_id=amending.pk
    )
    rule.refresh_from_db()
    assert rule.validity == "amended"
    document_record_lifecycle(
        actor=editor, document_id=rule.pk, kind="repealed", on=D("2026-04-16"), by_id=repealing.pk
    )
    rule.refresh_from_db()
    assert rule.validity == "repealed"
    assert [e.by for e in rule.lifecycle_events.all()] == [amending, repealing]
    assert list(repealing.caused_lifecycle_events.values_list("document_id", flat=True)) == [rule.pk]
    with pytest.raises(Conflict):
        document_record_lifecycle(actor=editor, document_id=rule.pk, kind="expired", on=D("2026-05-01"))


@pytest.mark.django_db
def test_amendment_needs_the_amending_document(editor, agency):
    rule = published(agency, on=D("2024-03-21"), kind="rule")
    with pytest.raises(ValidationFailed):
        document_record_lifecycle(actor=editor, document_id=rule.pk, kind="amended", on=D("2025-06-12"))


@pytest.mark.django_db
def test_another_agency_cannot_record_lifecycle(agency, other_agency, make_staff):
    rule = published(agency, on=D("2024-03-21"), kind="rule")
    stranger = make_staff(other_agency, "editor")
    with pytest.raises(NotPermitted):
        document_record_lifecycle(actor=stranger, document_id=rule.pk, kind="expired", on=D("2025-01-01"))


@pytest.mark.django_db
def test_a_future_repeal_takes_effect_on_its_day(editor, agency):
    rule = published(agency, on=D("2024-03-21"), kind="rule")
    document_record_lifecycle(actor=editor, document_id=rule.pk, kind="repealed", on=D("2099-01-01"))
    rule.refresh_from_db()
    assert rule.validity == "in_force"
    assert document_validity_refresh_due(today=D("2099-01-01")) == [rule.pk]
    rule.refresh_from_db()
    assert rule.validity == "repealed"
