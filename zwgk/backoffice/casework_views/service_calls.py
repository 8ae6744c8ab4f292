"""One service call from a view: a refusal becomes a message on the page the user returns to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest

from zwgk.core.errors import DomainError


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> Any:
    """Run one service call; a refusal becomes a message on the page the user returns to."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    except ObjectDoesNotExist:
        raise Http404("未找到。") from None
    messages.success(request, success)
    return result
