"""Tracking codes, masking, and the model-level guarantees."""

import re

import pytest
from django.db import IntegrityError

from tests.foi.factories import register_case
from zwgk.foi import masking, tracking_codes
from zwgk.foi.models import ApplicationEvent, ReminderSent


def test_tracking_codes_are_long_random_and_readable():
    codes = {tracking_codes.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    # 60 bits: far beyond what any rate-limited lookup could search.
    assert len(tracking_codes.ALPHABET) ** tracking_codes.LENGTH >= 2**60


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("7kq2 m9xd 3fht", "7KQ2-M9XD-3FHT"),
        ("7KQ2M9XD3FHT", "7KQ2-M9XD-3FHT"),
        ("7KQ2-M9XD-3FHO", "7KQ2-M9XD-3FH0"),  # O read as 0
        ("7KQ2-M9XD-3FH", None),
        ("'; drop table", None),
        ("", None),
    ],
)
def test_typed_codes_are_normalised(typed, stored):
    assert tracking_codes.normalize(typed) == stored


@pytest.mark.parametrize(
    "fn, value, masked",
    [
        (masking.mask_id_number, "210202198001010008", "2102**********0008"),
        (masking.mask_id_number, "91210200MA0QC1234X", "9121**********234X"),
        (masking.mask_phone, "13912345678", "139****5678"),
        (masking.mask_phone, "0411-83630000", "041****0000"),
        (masking.mask_email, "zhang@example.cn", "z***@example.cn"),
        (masking.mask_address, "辽宁省大连市中山区人民路10号", "辽宁省大连市****"),
        (masking.mask_name, "王秀英", "王**"),
        (masking.mask_id_number, "", ""),
    ],
)
def test_masking(fn, value, masked):
    assert fn(value) == masked


@pytest.mark.django_db
def test_event_seq_is_unique_per_case(agency, handler):
    case = register_case(agency, handler, received_on="2026-03-02")
    with pytest.raises(IntegrityError):
        ApplicationEvent.objects.create(application=case, seq=1, type="replied", on=case.received_on)


@pytest.mark.django_db
def test_a_reminder_is_recorded_once(agency, handler):
    case = register_case(agency, handler, received_on="2026-03-02")
    ReminderSent.objects.create(application=case, kind="overdue", key="2026-03-30")
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(application=case, kind="overdue", key="2026-03-30")


@pytest.mark.django_db
def test_str_never_shows_the_applicant(agency, handler):
    case = register_case(agency, handler, received_on="2026-03-02")
    assert str(case) == f"申请 {case.tracking_code}"
