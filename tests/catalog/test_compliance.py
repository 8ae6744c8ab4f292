from datetime import date

import pytest

from tests.calendars import SCHEDULE_2026, calendar_2025_2026
from tests.catalog.factories import genre, published
from zwgk.catalog import compliance
from zwgk.catalog.models import Column
from zwgk.catalog.selectors import compliance_flags_for
from zwgk.catalog.services import column_place
from zwgk.core.calendars import calendar_year_replace

D = date.fromisoformat


@pytest.mark.parametrize(
    "created, published_on, late",
    [
        # 2026-09-24 + 20 working days: 中秋 9-25..27 and 国庆 10-1..7 off, Sat 10-10 worked → 10-29
        ("2026-09-24", "2026-10-29", False),
        ("2026-09-24", "2026-10-30", True),
        ("2026-03-02", "2026-03-30", False),  # plain weeks: 20 working days → 2026-03-30
        ("2026-03-02", "2026-03-31", True),
        ("2026-02-10", "2026-03-16", False),  # 春节 2-15..23 off, Sat 2-14 and 2-28 worked
        ("2026-02-10", "2026-03-17", True),
    ],
)
def test_art26_late_publication(created, published_on, late):
    assert compliance.is_published_late(calendar_2025_2026(), D(created), D(published_on)) is late


def test_art26_due_date_by_hand():
    assert compliance.publication_due_on(calendar_2025_2026(), D("2026-09-24")) == D("2026-10-29")


@pytest.mark.parametrize(
    "policy_on, interpretations, flag",
    [
        ("2026-03-05", [], compliance.FlagKind.INTERPRETATION_MISSING),
        ("2026-03-05", ["2026-03-05"], None),
        ("2026-03-05", ["2026-03-04"], None),
        ("2026-03-05", ["2026-03-09"], compliance.FlagKind.INTERPRETATION_LATE),
        ("2026-03-05", ["2026-03-09", "2026-03-05"], None),
    ],
)
def test_interpretation_flags(policy_on, interpretations, flag):
    assert compliance.interpretation_flag(D(policy_on), [D(d) for d in interpretations]) == flag


@pytest.mark.parametrize(
    "published_on, placed_on, today, flag",
    [
        (
            "2026-09-28",
            "2026-10-09",
            "2026-11-01",
            None,
        ),  # 5 working days after 9-28: 29, 30, 10-8, 10-9, 10-10
        ("2026-09-28", "2026-10-10", "2026-11-01", None),
        ("2026-09-28", "2026-10-12", "2026-11-01", compliance.FlagKind.TOPIC_PLACED_LATE),
        ("2026-09-28", None, "2026-10-10", None),  # not yet due
        ("2026-09-28", None, "2026-10-12", compliance.FlagKind.TOPIC_NOT_PLACED),
    ],
)
def test_topic_column_deadline(published_on, placed_on, today, flag):
    got = compliance.topic_flag(
        calendar_2025_2026(),
        published_on=D(published_on),
        placed_on=D(placed_on) if placed_on else None,
        deadline_workdays=5,
        today=D(today),
    )
    assert got == flag


def test_who_needs_an_interpretation():
    assert compliance.needs_interpretation(kind="normative", genre_requires=False)
    assert compliance.needs_interpretation(kind="policy", genre_requires=True)
    assert not compliance.needs_interpretation(kind="policy", genre_requires=False)
    assert not compliance.needs_interpretation(kind="interpretation", genre_requires=True)


@pytest.mark.django_db
def test_flags_for_the_supervising_office(supervisor, editor, agency, other_agency, make_staff):
    calendar_year_replace(actor=None, schedule=SCHEDULE_2026)
    late = published(agency, on=D("2026-10-30"), information_created_on=D("2026-09-24"), title="晚发布的通知")
    published(agency, on=D("2026-10-29"), information_created_on=D("2026-09-24"), title="按时发布的通知")
    missing = published(
        agency, on=D("2026-03-05"), kind="policy", genre=genre("yijian"), title="缺解读的意见"
    )
    policy = published(agency, on=D("2026-03-05"), kind="policy", genre=genre("banfa"), title="解读晚的办法")
    interp = published(agency, on=D("2026-03-10"), interprets=policy, title="《办法》解读")
    topic = Column.objects.get(code="topic.liuwen-liubao")
    six_late = published(other_agency, on=D("2026-09-28"), title="关于落实稳就业若干措施的通知")
    six_missing = published(other_agency, on=D("2026-06-01"), keywords=["六稳六保"], title="减负措施的通知")
    column_place(
        actor=make_staff(other_agency, "editor"),
        column_id=topic.pk,
        document_id=six_late.pk,
        on=D("2026-10-12"),
    )

    flags = compliance_flags_for(supervisor, today=D("2026-11-27"), year=2026)
    by_kind = {(f.kind, f.document_id) for f in flags}
    assert (compliance.FlagKind.LATE_PUBLICATION, late.pk) in by_kind
    assert (compliance.FlagKind.INTERPRETATION_MISSING, missing.pk) in by_kind
    assert (compliance.FlagKind.INTERPRETATION_LATE, policy.pk) in by_kind
    assert (compliance.FlagKind.TOPIC_PLACED_LATE, six_late.pk) in by_kind
    assert (compliance.FlagKind.TOPIC_NOT_PLACED, six_missing.pk) in by_kind
    assert len(flags) == 5
    late_flag = next(f for f in flags if f.kind == compliance.FlagKind.INTERPRETATION_LATE)
    assert late_flag.related_id == interp.pk
    # An editor sees only their agency's flags.
    assert {f.organization for f in compliance_flags_for(editor, today=D("2026-11-27"), year=2026)} == {
        "市司法局"
    }
