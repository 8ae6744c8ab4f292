"""Forms of the catalogue pages: they parse input into the services' arguments, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy

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
from zwgk.catalog.selectors import document_by_reference
from zwgk.core.errors import ValidationFailed
from zwgk.organizations.models import Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Enhanced by static/backoffice/forms.js; each stays a plain control without JavaScript.
FILTERABLE = forms.SelectMultiple(attrs={"data-filter": "", "size": 8})
RICH_TEXT = forms.Textarea(attrs={"rows": 16, "data-richtext": ""})


def reference_input(*, policies: bool = False) -> forms.TextInput:
    url = reverse_lazy("backoffice:catalog_document_lookup")
    return forms.TextInput(attrs={"data-docpick": format_lazy("{}?policies=1", url) if policies else url})


def reference_of(doc: Document | None) -> str:
    """How a form shows a linked document: its 发文字号, or its title when it has none."""
    if doc is None:
        return ""
    return doc.doc_no or doc.title


def resolve_reference(user: Any, text: str | None, *, exclude_kind: str = "") -> Document | None:
    if not text or not text.strip():
        return None
    try:
        return document_by_reference(user, text, exclude_kind=exclude_kind)
    except ValidationFailed as exc:
        raise forms.ValidationError(exc.message) from None


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
        label="主题分类", queryset=Subject.objects.select_related("parent"), required=False, widget=FILTERABLE
    )
    art20_categories = forms.ModelMultipleChoiceField(
        label="法定主动公开内容类别", queryset=Art20Category.objects.all(), required=False, widget=FILTERABLE
    )
    keywords = forms.CharField(label="关键词", required=False, help_text="多个关键词用逗号分隔")
    summary = forms.CharField(
        label="内容概述",
        max_length=SUMMARY_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": SUMMARY_MAX_CHARS}),
        help_text=f"不超过{SUMMARY_MAX_CHARS}字",
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=RICH_TEXT,
        help_text="可从 Word 粘贴，标题、列表和表格保留；保存时去除脚本等不安全内容。",
    )
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
        label="联合发文机构",
        queryset=Organization.objects.filter(is_active=True),
        required=False,
        widget=FILTERABLE,
    )
    columns = forms.ModelMultipleChoiceField(
        label="栏目", queryset=Column.objects.none(), required=False, widget=FILTERABLE
    )
    interprets = forms.CharField(
        label="所解读的文件",
        max_length=300,
        required=False,
        widget=reference_input(policies=True),
        help_text="仅政策解读填写：输入文件标题或发文字号",
    )
    interpretation_form = forms.ChoiceField(
        label="解读形式", choices=[("", "—"), *InterpretationForm.choices], required=False
    )

    def __init__(self, *args: Any, organizations: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = organizations
        self.fields["columns"].queryset = Column.objects.filter(
            Q(organization__isnull=True) | Q(organization__in=organizations), is_active=True
        ).select_related("organization")

    # The page lays the fields out in these sections (one long list of 22 fields was hard to scan).
    SECTIONS = [
        ("基本信息", ["organization", "title", "doc_no", "signed_on", "kind", "genre"]),
        ("分类与栏目", ["subjects", "art20_categories", "columns", "keywords"]),
        ("内容", ["summary", "body", "source"]),
        (
            "公开属性",
            [
                "disclosure_method",
                "disclosure_scope",
                "information_created_on",
                "information_changed_on",
                "publish_at",
                "co_issuers",
            ],
        ),
        ("政策解读", ["interprets", "interpretation_form"]),
    ]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

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
            "interprets": reference_of(doc.interprets),
        }

    def clean_interprets(self) -> Document | None:
        return resolve_reference(
            self.user, self.cleaned_data.get("interprets"), exclude_kind=DocumentKind.INTERPRETATION
        )

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
    by = forms.CharField(
        label="依据文件",
        max_length=300,
        required=False,
        widget=reference_input(),
        help_text="修改或废止本文件的文件：输入标题或发文字号",
    )
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_by(self) -> Document | None:
        return resolve_reference(self.user, self.cleaned_data.get("by"))


class LinkInterpretationForm(forms.Form):
    policy = forms.CharField(
        label="所解读的政策文件",
        max_length=300,
        required=False,
        widget=reference_input(policies=True),
        help_text="输入文件标题或发文字号；留空则解除关联",
    )
    form = forms.ChoiceField(label="解读形式", choices=InterpretationForm.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_policy(self) -> Document | None:
        return resolve_reference(
            self.user, self.cleaned_data.get("policy"), exclude_kind=DocumentKind.INTERPRETATION
        )


class PlaceForm(forms.Form):
    # An agency has dozens of columns (decision 0020): the same filter box as the multi-selects.
    column = forms.ModelChoiceField(
        label="栏目", queryset=Column.objects.none(), widget=forms.Select(attrs={"data-filter": ""})
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = Column.objects.filter(
            Q(organization__isnull=True) | Q(organization=organization), is_active=True
        )
