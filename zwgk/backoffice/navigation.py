"""The back office menu: each entry shows only to the roles that can use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from zwgk.organizations.models import STAFF_ROLES, Role
from zwgk.organizations.permissions import roles_of

ALL_STAFF = frozenset(STAFF_ROLES)
# The posts a sign-off chain may name (decision 0016): they see the 审签 queue.
SIGNOFF_ROLES = frozenset(
    {Role.SECTION_HEAD, Role.SECRECY_REVIEWER, Role.DEPUTY_LEADER, Role.PRINCIPAL, Role.OFFICE_HEAD}
)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str]


MENU: list[MenuItem] = [
    MenuItem("工作台", "backoffice:dashboard", ALL_STAFF),
    MenuItem("监督总览", "backoffice:supervision", frozenset({Role.SUPERVISOR, Role.ADMIN})),
    MenuItem("考核评估", "backoffice:assessment", frozenset({Role.SUPERVISOR, Role.ADMIN})),
    MenuItem(
        "机构职能",
        "backoffice:agency_profiles",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "法定公开完整性",
        "backoffice:completeness",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "依申请公开",
        "backoffice:foi_workbench",
        frozenset({Role.HANDLER, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "复议诉讼",
        "backoffice:casework_appeals",
        frozenset({Role.HANDLER, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    # Invited units may be any agency's staff (会商, decision 0014).
    MenuItem("申请会商", "backoffice:casework_joint_studies", ALL_STAFF),
    MenuItem("依申请案例库", "backoffice:casework_library", ALL_STAFF),
    MenuItem(
        "转主动公开",
        "backoffice:casework_groups",
        frozenset({Role.HANDLER, Role.OFFICE_HEAD, Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "文书模板",
        "backoffice:casework_templates",
        frozenset({Role.ADMIN, Role.OFFICE_HEAD, Role.SUPERVISOR}),
    ),
    MenuItem(
        "信息发布",
        "backoffice:catalog_documents",
        frozenset({Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "栏目管理",
        "backoffice:catalog_columns",
        frozenset({Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem("审签", "backoffice:review_queue", frozenset({Role.REVIEWER, Role.ADMIN, *SIGNOFF_ROLES})),
    MenuItem(
        "审签流程", "backoffice:signoff_chains", frozenset({Role.ADMIN, Role.PRINCIPAL, Role.OFFICE_HEAD})
    ),
    MenuItem("公开合规提示", "backoffice:catalog_compliance", frozenset({Role.SUPERVISOR, Role.ADMIN})),
    MenuItem("负责人备案", "backoffice:leaders", frozenset({Role.SUPERVISOR, Role.OFFICE_HEAD, Role.ADMIN})),
    MenuItem("节假日安排", "backoffice:calendar", frozenset({Role.ADMIN, Role.SUPERVISOR})),
    MenuItem("审计日志", "backoffice:audit", frozenset({Role.ADMIN, Role.SUPERVISOR})),
    MenuItem("工作安排落实", "backoffice:workplan_overview", ALL_STAFF),
    MenuItem(
        "年度报告",
        "backoffice:report_annual",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem("网站监测", "backoffice:monitoring_dashboard", ALL_STAFF),
    MenuItem(
        "办事指南",
        "backoffice:services_guides",
        frozenset({Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "办事公开",
        "backoffice:directory_enterprises",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "咨询答问库",
        "backoffice:knowledge_entries",
        frozenset({Role.EDITOR, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN, Role.HOTLINE}),
    ),
    MenuItem(
        "政务新媒体",
        "backoffice:newmedia_accounts",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "公开申诉",
        "backoffice:directory_complaints",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "清单目录",
        "backoffice:registries",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.REVIEWER, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "应急预案监督", "backoffice:registries_emergency", frozenset({Role.EMERGENCY_OFFICE, Role.ADMIN})
    ),
    # City-wide reference data of the registries, formerly in the Django admin (decision 0035).
    MenuItem(
        "应急预案类型", "backoffice:registries_plan_types", frozenset({Role.EMERGENCY_OFFICE, Role.ADMIN})
    ),
    MenuItem("标准目录领域", "backoffice:registries_areas", frozenset({Role.ADMIN})),
    MenuItem("市场准入负面清单", "backoffice:registries_negative_editions", frozenset({Role.ADMIN})),
    # Public participation (issue 23).
    MenuItem(
        "政民互动",
        "backoffice:participation_messages",
        frozenset({Role.HANDLER, Role.OFFICE_HEAD, Role.EDITOR, Role.SUPERVISOR, Role.ADMIN}),
    ),
    MenuItem(
        "意见征集",
        "backoffice:participation_consultations",
        frozenset({Role.EDITOR, Role.OFFICE_HEAD, Role.SUPERVISOR, Role.ADMIN}),
    ),
]


def menu_for(user: Any, current_path: str = "", counts: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """The user's menu; `counts` (menu url name → to-dos behind it) puts a number on entries."""
    counts = counts or {}
    roles = roles_of(user)
    items = []
    for item in MENU:
        if not roles & item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": item.label,
                "url": url,
                "current": current_path == url,
                "count": counts.get(item.url_name, 0),
            }
        )
    return items
