"""Which action each state of an item allows (one table, used by services and pages). Pure."""

from __future__ import annotations

from types import MappingProxyType

from zwgk.core.errors import Conflict

DRAFT, SUBMITTED, APPROVED, RETURNED, SCHEDULED, PUBLISHED, WITHDRAWN = (
    "draft", "submitted", "approved", "returned", "scheduled", "published", "withdrawn",
)  # fmt: skip

EDIT, SUBMIT, APPROVE, RETURN, CANCEL_REVIEW, PUBLISH, SCHEDULE, WITHDRAW, CORRECT = (
    "edit", "submit", "approve", "return", "cancel_review", "publish", "schedule", "withdraw", "correct",
)  # fmt: skip

ALLOWED = MappingProxyType(
    {
        DRAFT: frozenset({EDIT, SUBMIT, PUBLISH, SCHEDULE}),
        SUBMITTED: frozenset({APPROVE, RETURN, CANCEL_REVIEW}),
        # Approval publishes at once or schedules; `approved` is seen only within that step.
        APPROVED: frozenset({PUBLISH, SCHEDULE}),
        RETURNED: frozenset({EDIT, SUBMIT, PUBLISH, SCHEDULE}),
        SCHEDULED: frozenset({PUBLISH, WITHDRAW}),
        # A published item is corrected by a reviewer (re-indexed at once) or withdrawn.
        PUBLISHED: frozenset({CORRECT, WITHDRAW}),
        WITHDRAWN: frozenset({EDIT, SUBMIT, PUBLISH, SCHEDULE}),
    }
)

ACTION_LABELS = {
    EDIT: "编辑",
    SUBMIT: "报送审签",
    APPROVE: "审签通过",
    RETURN: "退回",
    CANCEL_REVIEW: "撤回报审",
    PUBLISH: "发布",
    SCHEDULE: "定时发布",
    WITHDRAW: "撤回发布",
    CORRECT: "更正",
}


def allowed(state: str, action: str) -> bool:
    return action in ALLOWED[state]


def check_allowed(state: str, action: str) -> None:
    if action not in ALLOWED[state]:
        raise Conflict(
            f"当前状态不能执行“{ACTION_LABELS[action]}”。",
            code="document_action_not_allowed",
            fields={"state": state, "action": action},
        )
