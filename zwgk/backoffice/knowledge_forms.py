"""Forms of the Q&A library pages (咨询答问库)."""

from __future__ import annotations

import re

from django import forms

from zwgk.knowledge.sources import SourceKind

_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")


def split_tags(text: str) -> list[str]:
    return [t for t in _TAG_SEPARATORS.split(text or "") if t]


class EntryForm(forms.Form):
    organization = forms.ChoiceField(label="答复机构")
    question = forms.CharField(label="问题", max_length=300)
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 6}))
    tags = forms.CharField(label="标签", required=False, help_text="多个标签用逗号或顿号分隔")
    source_kind = forms.ChoiceField(label="来源类型", choices=SourceKind.choices)
    source_id = forms.IntegerField(
        label="来源编号", required=False, min_value=1, help_text="政策文件、政策解读等的编号（热线来电不填）"
    )
    source_reference = forms.CharField(
        label="来源说明", max_length=100, required=False, help_text="如热线工单号；不填来电人信息"
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.code, o.display_name) for o in organizations]


class CallForm(forms.Form):
    organization = forms.ChoiceField(label="答复机构")
    question = forms.CharField(label="来电问题", max_length=300)
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))
    tags = forms.CharField(label="标签", required=False, help_text="多个标签用逗号或顿号分隔")
    call_reference = forms.CharField(
        label="工单号", max_length=100, required=False, help_text="不填来电人姓名、电话"
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.code, o.display_name) for o in organizations]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤下原因", max_length=300)
