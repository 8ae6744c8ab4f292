"""Checks on every request before any view sees it (issue 21.3): no control characters in any
field, no number in a path that no row can carry. Refused with a 400 (API.md's error format
under /api/, the portal's error page elsewhere) instead of reaching the database, where
PostgreSQL rejects a NUL byte in text and both databases reject integers beyond 64 bits, as 500s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

# C0 controls and DEL, except tab, line feed and carriage return, which text fields legitimately
# hold; plus the C1 controls, which no keyboard types and some terminals and logs interpret.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A path segment of digits is an id or a year; bigint ends at 9,223,372,036,854,775,807 (19 digits).
OVERSIZED_NUMBER_SEGMENT = re.compile(r"/\d{19,}(?=/|$)")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MESSAGE = "输入含有不允许的控制字符。"
# No field of the API holds a number beyond a signed 64-bit integer, the widest column of both
# databases; larger ones (or 1e30 given for a count) would overflow there.
LARGEST_NUMBER = 2**63 - 1


class NumberTooLarge(ValueError):
    pass


def _bounded_int(text: str) -> int:
    value = int(text)
    if abs(value) > LARGEST_NUMBER:
        raise NumberTooLarge(text)
    return value


def _bounded_float(text: str) -> float:
    value = float(text)
    if not abs(value) <= LARGEST_NUMBER:  # also inf and nan
        raise NumberTooLarge(text)
    return value


def _strings(value: Any, name: str) -> Iterator[tuple[str, str]]:
    """Every (field name, string) in a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{name}.{key}" if name else str(key)
            yield child, str(key)
            yield from _strings(item, child)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{name}.{i}" if name else str(i))


def _constant(name: str) -> float:
    raise NumberTooLarge(name)  # NaN, Infinity: not JSON, and no count or id


def _body_fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        for key, values in request.POST.lists():
            yield key, key
            for value in values:
                yield key, value
        for key, upload in request.FILES.items():
            yield key, upload.name or ""
        return
    if not request.body:
        return
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return  # not text: the endpoint refuses it as malformed
    try:
        parsed = json.loads(
            text, parse_int=_bounded_int, parse_float=_bounded_float, parse_constant=_constant
        )
    except NumberTooLarge:
        raise
    except ValueError:
        yield "body", text
        return
    yield from _strings(parsed, "")


def offending_field(request: HttpRequest) -> str | None:
    """The name of the first field holding a control character, or None."""
    if CONTROL_CHARACTERS.search(request.path):
        return "path"
    for key, values in request.GET.lists():
        for text in (key, *values):
            if CONTROL_CHARACTERS.search(text):
                return key if CONTROL_CHARACTERS.search(key) is None else "query"
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        for name, text in _body_fields(request):
            if CONTROL_CHARACTERS.search(text):
                return name if CONTROL_CHARACTERS.search(name) is None else "body"
    return None


def _refuse(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, str]
) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"error": {"code": code, "message": message, "fields": fields}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 404:
        return render(request, "portal/404.html", status=404)
    template = "backoffice/error.html" if request.path.startswith("/staff/") else "portal/error.html"
    return render(request, template, {"error": {"message": message}}, status=status)


class HostileInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if OVERSIZED_NUMBER_SEGMENT.search(request.path):
            return _refuse(request, 404, "not_found", "未找到。", {})
        try:
            field = offending_field(request)
        except MultiPartParserError:
            return _refuse(request, 400, "validation_failed", "请求格式不正确。", {"body": "无法解析"})
        except NumberTooLarge:
            return _refuse(request, 400, "validation_failed", "数值超出范围。", {"body": "数值过大"})
        if field is not None:
            fields = {field: "不得含有控制字符（制表、换行、回车除外）"}
            return _refuse(request, 400, "validation_failed", MESSAGE, fields)
        return self.get_response(request)
