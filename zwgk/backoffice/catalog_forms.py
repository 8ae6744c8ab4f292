"""Forms of the catalogue pages: they parse input into the services' arguments, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import (
    SUMMARY_MAX_CHARS,
    Art20Category,
    Column,
    DisclosureMethod,
    Document,
    DocumentKind,
    Genre,
    InterpretationForm,
    LifecycleKind,
    Subject,
)
from zwgk.organizations.models import Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubjectChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Subject) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class DocumentForm(forms.Form):
    organization = forms.ModelChoiceField(label="发布机构", queryset=Organization.objects.none())
    title = forms.CharField(label="标题", max_length=300)
    doc_no = forms.CharField(
        label="发文字号", max_length=100, required=False, help_text="如：大政公领发〔2020〕1号"
    )
    signed_on = forms.DateField(label="成文日期", required=False, widget=DATE)
    kind = forms.ChoiceField(label="文件类别", choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    genre = forms.ModelChoiceField(label="体裁（文种）", queryset=Genre.objects.all(), required=False)
    subjects = SubjectChoice(
        label="主题分类", queryset=Subject.objects.select_related("parent"), required=False
    )
    art20_categories = forms.ModelMultipleChoiceField(
        label="法定主动公开内容类别", queryset=Art20Category.objects.all(), required=False
    )
    keywords = forms.CharField(label="关键词", required=False, help_text="多个关键词用逗号分隔")
    summary = forms.CharField(
        label="内容概述",
        max_length=SUMMARY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": SUMMARY_MAX_CHARS}),
        help_text=f"不超过{SUMMARY_MAX_CHARS}字",
    )
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 16}))
    source = forms.CharField(label="来源", max_length=200, required=False)
    disclosure_method = forms.ChoiceField(label="公开方式", choices=DisclosureMethod.choices)
    disclosure_scope = forms.CharField(label="公开范围", max_length=100, initial="面向全社会", required=False)
    information_created_on = forms.DateField(
        label="信息形成日期",
        required=False,
        widget=DATE,
        help_text="自形成或变更之日起20个工作日内公开（条例第二十六条）",
    )
    information_changed_on = forms.DateField(label="信息变更日期", required=False, widget=DATE)
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="留空则审签通过后立即发布",
    )
    co_issuers = forms.ModelMultipleChoiceField(
        label="联合发文机构", queryset=Organization.objects.filter(is_active=True), required=False
    )
    columns = forms.ModelMultipleChoiceField(label="栏目", queryset=Column.objects.none(), required=False)
    interprets = forms.IntegerField(label="所解读文件编号", required=False, help_text="仅政策解读填写")
    interpretation_form = forms.ChoiceField(
        label="解读形式", choices=[("", "—"), *InterpretationForm.choices], required=False
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["columns"].queryset = Column.objects.filter(
            Q(organization__isnull=True) | Q(organization__in=organizations), is_active=True
        ).select_related("organization")

    @classmethod
    def initial_for(cls, doc: Document) -> dict[str, Any]:
        return {
            **{
                name: getattr(doc, name)
                for name in [
                    "organization",
                    "title",
                    "doc_no",
                    "signed_on",
                    "kind",
                    "genre",
                    "summary",
                    "body",
                    "source",
                    "disclosure_method",
                    "disclosure_scope",
                    "information_created_on",
                    "information_changed_on",
                    "interpretation_form",
                ]
            },
            "publish_at": timezone.localtime(doc.publish_at) if doc.publish_at else None,
            "keywords": "，".join(doc.keywords),
            "subjects": list(doc.subjects.all()),
            "art20_categories": list(doc.art20_categories.all()),
            "co_issuers": list(doc.co_issuers.all()),
            "columns": list(doc.columns.all()),
            "interprets": doc.interprets_id,
        }

    def clean_interprets(self) -> Document | None:
        pk = self.cleaned_data.get("interprets")
        if not pk:
            return None
        doc = Document.objects.filter(pk=pk).first()
        if doc is None:
            raise forms.ValidationError("文件不存在。")
        return doc

    def to_input(self) -> DocumentInput:
        data = dict(self.cleaned_data)
        keywords = data.pop("keywords") or ""
        for sep in "，,；; 、":
            keywords = keywords.replace(sep, ",")
        return DocumentInput(
            keywords=[k for k in keywords.split(",") if k.strip()],
            subjects=list(data.pop("subjects")),
            art20_categories=list(data.pop("art20_categories")),
            co_issuers=list(data.pop("co_issuers")),
            columns=list(data.pop("columns")),
            disclosure_scope=data.pop("disclosure_scope") or "",
            **data,
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件",
        help_text="PDF、Word、Excel 或图片；按文件内容识别类型",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif"}),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(label="审签意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=300)


class LifecycleForm(forms.Form):
    kind = forms.ChoiceField(label="事项", choices=LifecycleKind.choices)
    on = forms.DateField(label="日期", widget=DATE)
    by = forms.IntegerField(label="依据文件编号", required=False, help_text="修改或废止本文件的文件")
    note = forms.CharField(label="说明", max_length=300, required=False)


class LinkInterpretationForm(forms.Form):
    policy = forms.IntegerField(label="所解读的政策文件编号", required=False, help_text="留空则解除关联")
    form = forms.ChoiceField(label="解读形式", choices=InterpretationForm.choices)


class PlaceForm(forms.Form):
    column = forms.ModelChoiceField(label="栏目", queryset=Column.objects.none())

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization), is_active=True
        )
