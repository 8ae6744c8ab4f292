"""The proof-of-work field of the portal's public forms (API.md "Public submissions").

The vendored ALTCHA widget fetches a challenge from `GET /api/v1/challenge`, solves it in Web
Workers while the visitor fills in the form, and submits the payload as the field `altcha`.
The payload is checked only once the rest of the form is valid: checking uses it up, and a
visitor correcting a typo should not have to wait for a new one.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from zwgk.core.errors import DomainError
from zwgk.core.proof_of_work import FIELD, challenge_check

# The widget's words, in the portal's own voice.
STRINGS = {
    "label": "我不是机器人（点击验证，约需一秒）",
    "verifying": "正在验证，请稍候……",
    "verified": "已通过验证",
    "verificationRequired": "请先完成人机验证。",
    "waitAlert": "正在验证，请稍候再提交。",
    "expired": "验证已过期，请重新验证。",
    "error": "验证失败，请稍后重试。",
    "reload": "重新验证",
    "verify": "验证",
    "loading": "加载中……",
    "ariaLinkLabel": "",
    "footer": "",
}


class AltchaWidget(forms.Widget):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        return format_html(
            '<altcha-widget name="{}" challengeurl="{}" workerurl="{}" auto="onfocus" hidelogo hidefooter '
            "strings='{}'></altcha-widget>"
            '<noscript><p class="hint">提交需要浏览器启用 JavaScript 完成人机验证；'
            "也可当面、邮寄或传真提交（见各机关政府信息公开指南）。</p></noscript>",
            name,
            reverse("api:challenge"),
            static("vendor/altcha/worker.js"),
            json.dumps(STRINGS, ensure_ascii=False),
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    class Media:
        css = {"all": ["vendor/altcha/altcha.css"]}
        js = ["vendor/altcha/altcha.umd.js"]


class AltchaField(forms.CharField):
    widget = AltchaWidget

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="人机验证", required=False, max_length=4000, **kwargs)


def proof_accepted(form: forms.Form) -> bool:
    """Check a valid form's payload (once); on failure the field carries the reason."""
    try:
        challenge_check(form.cleaned_data.get(FIELD))
    except DomainError as exc:
        form.add_error(FIELD, exc.message)
        return False
    return True
