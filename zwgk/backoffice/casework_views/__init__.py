"""Casework pages: letters (edit, preview, sign-off, download), templates, appeals, the case library,
conversion to proactive disclosure. Views parse input, call one service of `zwgk.casework`, render.

Modules: `letters` (the case's casework page and its letters), `letter_templates`, `appeals`,
`library`, `conversion`, `joint_studies` (会商), and `service_calls` (`_act`, which turns a
refusal into a message).
`casework_urls` reaches every view through this package.
"""

from zwgk.backoffice.casework_views.appeals import appeal_detail, appeal_document, appeal_list, appeal_new
from zwgk.backoffice.casework_views.conversion import conversion_groups, convert_case, group_action
from zwgk.backoffice.casework_views.joint_studies import joint_study_detail, joint_study_list, joint_study_new
from zwgk.backoffice.casework_views.letter_templates import template_edit, template_list
from zwgk.backoffice.casework_views.letters import (
    case_casework,
    letter_action,
    letter_detail,
    letter_file,
    letter_new,
)
from zwgk.backoffice.casework_views.library import library_case, library_list, library_new

__all__ = [
    "appeal_detail",
    "appeal_document",
    "appeal_list",
    "appeal_new",
    "case_casework",
    "conversion_groups",
    "convert_case",
    "group_action",
    "joint_study_detail",
    "joint_study_list",
    "joint_study_new",
    "letter_action",
    "letter_detail",
    "letter_file",
    "letter_new",
    "library_case",
    "library_list",
    "library_new",
    "template_edit",
    "template_list",
]
