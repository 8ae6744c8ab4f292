"""`{% casework_panel case %}`: the casework section of the back office's case page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from zwgk.backoffice.casework_forms import AppealFileForm, LetterDraftForm
from zwgk.casework.panel import case_panel
from zwgk.core.calendars import calendar_current

register = template.Library()


@register.simple_tag(takes_context=True)
def casework_panel(context: Any, application: Any) -> str:
    request = context["request"]
    panel = case_panel(request.user, application, today=timezone.localdate(), cal=calendar_current())
    return render_to_string(
        "backoffice/casework/_panel.html",
        {"panel": panel, "draft_form": LetterDraftForm(), "appeal_form": AppealFileForm()},
        request=request,
    )
