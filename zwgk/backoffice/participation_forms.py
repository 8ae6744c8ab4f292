"""Back-office forms of public participation (issue 23)."""

from __future__ import annotations

from django import forms

from zwgk.participation.models import Adoption, DraftKind, Moderation


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}), min_length=10)
    publish = forms.BooleanField(label="与答复一并公开（留言人已同意公开时）", required=False)


class InvalidForm(forms.Form):
    reason = forms.CharField(label="认定无效的理由", max_length=300)


class RouteForm(forms.Form):
    organization = forms.ModelChoiceField(label="转交机关", queryset=None, to_field_name="code")

    def __init__(self, *args, organizations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class ConsultationForm(forms.Form):
    organization = forms.ModelChoiceField(label="起草机关", queryset=None, to_field_name="code")
    title = forms.CharField(label="草案名称", max_length=300)
    kind = forms.ChoiceField(label="草案类型", choices=DraftKind.choices)
    draft_text = forms.CharField(
        label="草案全文",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="每段一行；公众可针对某一段提出意见。",
    )
    explanation = forms.CharField(label="起草说明", widget=forms.Textarea(attrs={"rows": 5}))
    opens_on = forms.DateField(label="征集开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="征集截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    short_period_reason = forms.CharField(
        label="征集期限较短的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="少于规定最短期限时必填，并随草案公布。",
    )
    moderation = forms.ChoiceField(label="意见审核方式", choices=Moderation.choices)

    def __init__(self, *args, organizations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class ModerateForm(forms.Form):
    publish = forms.TypedChoiceField(
        label="审核结果", choices=[("1", "发布"), ("0", "不予发布")], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label="理由", max_length=300, required=False)


class AssessForm(forms.Form):
    topic = forms.CharField(label="意见归类", max_length=100)
    adoption = forms.ChoiceField(label="采纳情况", choices=Adoption.choices)
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    final_document = forms.IntegerField(label="正式文件编号（信息发布中的文件ID）", min_value=1)
    summary = forms.CharField(label="意见采纳情况说明", widget=forms.Textarea(attrs={"rows": 5}))


class SensitiveWordForm(forms.Form):
    word = forms.CharField(label="敏感词", max_length=50)
