"""Back-office forms of public participation (issue 23)."""

from __future__ import annotations

from django import forms

from zwgk.participation.models import (
    Adoption,
    ChannelKind,
    DecisionStage,
    DraftKind,
    Moderation,
    Selection,
)


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


class MeetingForm(forms.Form):
    organization = forms.ModelChoiceField(label="召开机关", queryset=None, to_field_name="code")
    title = forms.CharField(label="会议名称", max_length=200)
    topics = forms.CharField(label="议题", widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = forms.DateTimeField(
        label="会议时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label="地点", max_length=200)
    seats = forms.IntegerField(label="列席名额", min_value=1, max_value=500)
    registration_closes_at = forms.DateTimeField(
        label="报名截止", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    selection = forms.ChoiceField(label="确定方式", choices=Selection.choices)

    def __init__(self, *args, organizations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class DrawForm(forms.Form):
    seed = forms.CharField(label="抽签种子（抽签后公布）", max_length=64, min_length=6)


class AttendanceForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.TypedChoiceField(
        label="出席", choices=[("1", "出席"), ("0", "未出席")], coerce=lambda v: v == "1"
    )
    statement = forms.CharField(label="发言要点", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="列席情况记录", widget=forms.Textarea(attrs={"rows": 4}))


class InterviewForm(forms.Form):
    organization = forms.ModelChoiceField(label="主办机关", queryset=None, to_field_name="code")
    title = forms.CharField(label="访谈主题", max_length=200)
    guests = forms.CharField(label="访谈嘉宾", max_length=300)
    starts_at = forms.DateTimeField(
        label="访谈时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    summary = forms.CharField(label="内容简介", widget=forms.Textarea(attrs={"rows": 3}))
    policy = forms.IntegerField(label="相关政策（文件ID）", required=False, min_value=1)
    interpretation = forms.IntegerField(label="政策解读（文件ID）", required=False, min_value=1)

    def __init__(self, *args, organizations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class QuestionModerateForm(forms.Form):
    question = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.TypedChoiceField(
        label="审核结果", choices=[("1", "采用"), ("0", "不采用")], coerce=lambda v: v == "1"
    )
    answer = forms.CharField(label="嘉宾回答", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="不采用理由", required=False, max_length=300)


class TranscriptForm(forms.Form):
    transcript = forms.CharField(label="文字实录", widget=forms.Textarea(attrs={"rows": 10}))
    media_url = forms.URLField(label="音视频地址", required=False, assume_scheme="https")


class DecisionForm(forms.Form):
    organization = forms.ModelChoiceField(label="决策机关", queryset=None, to_field_name="code")
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)
    title = forms.CharField(label="决策事项", max_length=300)
    responsible_unit = forms.CharField(label="承办单位", max_length=200)
    planned = forms.CharField(label="计划完成时间", max_length=50)

    def __init__(self, *args, organizations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class StageForm(forms.Form):
    decision = forms.IntegerField(widget=forms.HiddenInput)
    stage = forms.ChoiceField(label="环节", choices=DecisionStage.choices)
    on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.IntegerField(label="关联文件（文件ID，可选）", required=False, min_value=1)


class ChannelForm(forms.Form):
    """One agency's message column (decision 0037): saving an agency's column of a kind that
    exists edits it."""

    organization = forms.ModelChoiceField(label="受理机关", queryset=None, to_field_name="code")
    kind = forms.ChoiceField(label="栏目类型", choices=ChannelKind.choices)
    name = forms.CharField(label="栏目名称", max_length=100, required=False, help_text="留空则用栏目类型")
    reply_workdays = forms.IntegerField(label="答复时限（工作日）", min_value=1, max_value=60, initial=10)
    site = forms.ModelChoiceField(
        label="所属网站",
        queryset=None,
        required=False,
        empty_label="（不挂接监测网站）",
        help_text="政务咨询栏目挂接监测网站后，其留言计入该网站检查的“互动回应差”单项否决。",
    )
    active = forms.BooleanField(label="接收留言", required=False, initial=True)

    def __init__(self, *args, organizations=None, sites=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
