"""The demo casework: letters for every step, anonymised library cases, the repeated applications
grouped; idempotent."""

from io import StringIO

import pytest

from zwgk.casework import demo, letters
from zwgk.casework.domain.letter_texts import EVENT_KINDS
from zwgk.casework.library import personal_data_of
from zwgk.casework.models import ConversionGroup, Letter, LetterState, LibraryCase
from zwgk.foi import demo as foi_demo
from zwgk.foi.demo import GROUP_TITLE
from zwgk.foi.models import Application, ApplicationEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    from zwgk.organizations import demo as organizations_demo

    organizations_demo.load(stdout=StringIO())
    foi_demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())


def test_every_step_event_of_the_demo_has_its_letter_and_loading_twice_changes_nothing(loaded):
    steps = ApplicationEvent.objects.filter(type__in=list(EVENT_KINDS))
    assert Letter.objects.filter(event__in=steps).count() == steps.count()
    counts = (Letter.objects.count(), LibraryCase.objects.count(), ConversionGroup.objects.count())
    demo.load(stdout=StringIO())
    assert (Letter.objects.count(), LibraryCase.objects.count(), ConversionGroup.objects.count()) == counts


def test_demo_letters_are_issued_where_the_agency_has_a_signer(loaded):
    sfj = Letter.objects.filter(application__organization__code="dl-sfj")
    assert sfj.exists() and not sfj.exclude(state=LetterState.ISSUED).exists()
    assert Letter.objects.filter(state=LetterState.DRAFT).exists()  # the other agencies: drafts
    replied = Application.objects.filter(organization__code="dl-sfj", state="closed", outcome="3.1").first()
    assert letters.issued_letters_public(replied)[0]["kind"] == "reply"


def test_anonymised_library_cases_hold_no_personal_data_of_their_cases(loaded):
    cases = list(LibraryCase.objects.select_related("source"))
    assert len(cases) >= 5
    for case in cases:
        text = "\n".join([case.title, case.request_summary, case.reasoning, case.tags])
        needles = personal_data_of(case.source)
        assert needles
        for needle in needles:
            assert needle not in text, (case.title, needle)
        # the reasoning keeps the legal substance
        assert "条例" in case.reasoning or case.outcome in {"3.5.5", "3.6.3"}
    assert LibraryCase.objects.filter(public=True).count() == 4


def test_grouping_finds_the_demos_repeated_applications(loaded):
    group = ConversionGroup.objects.get(title=GROUP_TITLE)
    members = set(group.members.values_list("pk", flat=True))
    assert members == set(Application.objects.filter(title=GROUP_TITLE).values_list("pk", flat=True))
    assert len(members) == 4
    # nothing else in the demo asks one agency for the same information twice from different people
    assert ConversionGroup.objects.count() == 1


def test_the_demo_has_a_re_reply_and_joint_studies(loaded):
    from django.contrib.auth import get_user_model

    from zwgk.casework import joint_studies
    from zwgk.casework.models import JointStudy

    # RULES §2.10: a 纠正 result answered again with its own letter; the first closing is kept.
    case = Application.objects.get(title="2025年度低保对象名单")
    assert (case.state, case.outcome) == ("closed", "3.3.4")
    rereply = case.events.get(type="rereplied")
    assert rereply.payload == {"outcome": "3.3.4"}
    assert Letter.objects.get(event=rereply).kind == "rereply"
    # Issue 19 item 12: one study waiting for 市司法局, which the demo handler sees on the to-do
    # list; one concluded, its proposed outcome recorded.
    waiting = JointStudy.objects.get(application__title="2026年度社会组织年检结果")
    assert waiting.concluded_on is None
    assert waiting.invitations.filter(answered_on__isnull=False).count() == 1
    handler = get_user_model().objects.get(username="handler")
    assert [i.study_id for i in joint_studies.joint_studies_awaiting(handler)] == [waiting.pk]
    concluded = JointStudy.objects.get(application__title="2026年婚姻登记数据按月统计")
    assert concluded.proposed_outcome == "3.2" and concluded.concluded_on is not None
    assert not concluded.invitations.filter(answered_on__isnull=True).exists()
    counts = JointStudy.objects.count()
    demo.load(stdout=StringIO())
    assert JointStudy.objects.count() == counts == 2
