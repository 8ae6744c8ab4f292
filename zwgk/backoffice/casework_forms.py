"""Forms of the casework pages: letters, templates, appeals, the case library."""

from __future__ import annotations

from typing import Any

from django import forms

from zwgk.casework.domain.letter_texts import LetterKind
from zwgk.casework.models import AppealKind
from zwgk.foi.domain.outcomes import OUTCOMES

_AREA = {"rows": 18, "class": "letter-body"}


class LetterBodyForm(forms.Form):
    body = forms.CharField(
        label="正文（可修改；【待填写：…】处须填写后才能报审）", widget=forms.Textarea(attrs=_AREA)
    )


class LetterDraftForm(forms.Form):
    kind = forms.ChoiceField(
        label="文书类型",
        choices=[
            (LetterKind.REPLY.value, "答复告知书"),
            (LetterKind.REFERRAL_NOTICE.value, "告知书（非本机关负责公开）"),
        ],
    )
    variant = forms.ChoiceField(
        label="办理结果（答复告知书）",
        required=False,
        choices=[("", "—")] + [(o.code, f"{o.code} {o.label}") for o in OUTCOMES],
    )
    referral_agency = forms.CharField(label="负责公开的行政机关（告知书）", required=False, max_length=200)
    referral_contact = forms.CharField(label="该机关的联系方式（告知书）", required=False, max_length=300)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("kind") == LetterKind.REPLY and not data.get("variant"):
            self.add_error("variant", "请选择办理结果")
        return data


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="审签意见（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TemplateForm(forms.Form):
    body = forms.CharField(
        label="模板正文", widget=forms.Textarea(attrs={"rows": 24, "class": "letter-body"})
    )
    note = forms.CharField(label="修改说明", required=False, max_length=300)


class AppealFileForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    after_reconsideration = forms.BooleanField(label="经行政复议后起诉", required=False)
    on = forms.DateField(label="提出日期", widget=forms.DateInput(attrs={"type": "date"}))
    body_name = forms.CharField(label="复议机关或受理法院", max_length=200)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AppealDetailsForm(forms.Form):
    body_name = forms.CharField(label="复议机关或受理法院", max_length=200, required=False)
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AppealDecisionForm(forms.Form):
    on = forms.DateField(label="决定或裁判日期", widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.ChoiceField(
        label="结果", choices=[("upheld", "维持"), ("corrected", "纠正"), ("other", "其他结果")]
    )
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AppealAcceptForm(forms.Form):
    on = forms.DateField(label="受理日期", widget=forms.DateInput(attrs={"type": "date"}))
    procedure = forms.ChoiceField(
        label="审理程序（行政复议法第六十二条）",
        choices=[
            ("simplified", "简易程序（30日内决定）"),
            ("ordinary", "普通程序（60日内决定，可延长30日）"),
        ],
    )


class AppealDocumentForm(forms.Form):
    label = forms.CharField(label="材料名称（如复议申请书、复议决定书、判决书）", max_length=100)
    file = forms.FileField(label="文件（PDF、OFD、JPG、PNG）")


class LibraryCaseForm(forms.Form):
    title = forms.CharField(label="案例标题", max_length=200)
    request_summary = forms.CharField(label="申请内容（已脱敏）", widget=forms.Textarea(attrs={"rows": 4}))
    reasoning = forms.CharField(label="答复要点及理由（已脱敏）", widget=forms.Textarea(attrs={"rows": 12}))
    tags = forms.CharField(label="其他标签（以逗号分隔）", max_length=200, required=False)


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    outcome = forms.ChoiceField(
        label="办理结果",
        required=False,
        choices=[("", "全部")] + [(o.code, f"{o.code} {o.label}") for o in OUTCOMES],
    )


class JointStudyOpenForm(forms.Form):
    """Opening a 会商: the question, why the case is difficult, the invited units."""

    question = forms.CharField(
        label="会商事项（需要各单位研究的问题）", widget=forms.Textarea(attrs={"rows": 4})
    )
    difficulty = forms.CharField(label="疑难原因", widget=forms.Textarea(attrs={"rows": 3}))
    units = forms.ModelMultipleChoiceField(
        label="邀请单位（司法局、保密部门、公开办、相关部门等）",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class JointStudyOpinionForm(forms.Form):
    opinion = forms.CharField(label="本单位意见", widget=forms.Textarea(attrs={"rows": 5}))


class JointStudyConclusionForm(forms.Form):
    conclusion = forms.CharField(label="会商结论", widget=forms.Textarea(attrs={"rows": 5}))
    proposed_outcome = forms.ChoiceField(
        label="建议的办理结果",
        choices=[("", "（暂不确定）"), *((o.code, f"{o.code} {o.label}") for o in OUTCOMES)],
        required=False,
    )
