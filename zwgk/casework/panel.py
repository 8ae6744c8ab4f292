"""What the case page shows of casework: letters, appeals, similar library cases, conversion.

One selector for the back office's case page (issue 5's `foi/case.html` includes it through the
`casework_panel` tag) and for the standalone casework page of a case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zwgk.casework import appeals, conversion, joint_studies, letters, library
from zwgk.casework.domain.letter_texts import LetterKind
from zwgk.casework.models import Letter, LibraryCase
from zwgk.core.workdays import Calendar
from zwgk.foi.domain.clock import ClockFacts, read_clock
from zwgk.foi.domain.outcomes import FEE_NOT_PAID, OUTCOMES
from zwgk.foi.domain.states import State, replay
from zwgk.foi.models import Application
from zwgk.foi.selectors import ACT_ROLES, event_record
from zwgk.organizations.models import Role
from zwgk.organizations.permissions import has_role


@dataclass
class CasePanel:
    application: Application
    letters: list[Letter]
    may_read_letters: bool
    may_act: bool
    is_reviewer: bool
    appeals: list[appeals.AppealRow]
    similar: list[tuple[LibraryCase, float]]
    library_case: LibraryCase | None
    convertible: bool
    converted: bool
    proposals: list[str] = field(default_factory=list)
    joint_studies: list[Any] = field(default_factory=list)
    outcomes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.application.state == State.CLOSED


def case_panel(user: Any, application: Application, *, today: date, cal: Calendar) -> CasePanel:
    org = application.organization
    may_read = letters._may_read(user, application)
    proposals = []
    if application.is_open:
        progress = replay(event_record(e) for e in application.events.order_by("seq"))
        facts = ClockFacts.from_progress(progress)
        reading = read_clock(cal, facts, today) if facts else None
        if reading is not None and reading.fee_period_over:
            # RULES §2.6: unpaid 20 working days after the notice → treated as abandoned.
            proposals.append(
                f"缴费期限{reading.fee_due_on:%Y-%m-%d}已过，申请人未缴费的，"
                f"建议以“{FEE_NOT_PAID} 逾期未缴纳信息处理费，不再处理”答复办结。"
            )
    return CasePanel(
        application=application,
        letters=letters.letters_of(application) if may_read else [],
        may_read_letters=may_read,
        may_act=has_role(user, org, *ACT_ROLES),
        is_reviewer=has_role(user, org, Role.REVIEWER),
        appeals=appeals.appeal_rows(user, application_id=application.pk),
        similar=library.similar_cases(application),
        library_case=LibraryCase.objects.filter(source=application).first(),
        convertible=conversion.convertible(application),
        converted=application.conversions.exists(),
        proposals=proposals,
        joint_studies=joint_studies.joint_studies_of(application),
        outcomes=[(o.code, f"{o.code} {o.label}") for o in OUTCOMES],
    )


DRAFTABLE = [
    (LetterKind.REPLY.value, LetterKind.REPLY.label),
    (LetterKind.REFERRAL_NOTICE.value, LetterKind.REFERRAL_NOTICE.label),
]
