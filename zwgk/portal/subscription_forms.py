"""The public subscription form: what a visitor may follow, parsed into subscription targets."""

from __future__ import annotations

from django import forms

from zwgk.catalog.models import Subject
from zwgk.organizations.models import Organization
from zwgk.portal import listings
from zwgk.portal.proof_of_work import AltchaField
from zwgk.subscriptions.models import QUERY_MAX_CHARS, SubscriptionKind
from zwgk.subscriptions.services import Target


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="电子邮箱", max_length=254)
    organizations = forms.ModelMultipleChoiceField(
        label="机构",
        queryset=Organization.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    columns = forms.ModelMultipleChoiceField(
        label="栏目",
        queryset=listings.public_columns().select_related("organization"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.ModelMultipleChoiceField(
        label="主题分类",
        queryset=Subject.objects.filter(parent__isnull=True),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    query = forms.CharField(
        label="关键词",
        max_length=QUERY_MAX_CHARS,
        required=False,
        help_text="标题或内容概述含有这些词（空格分隔）的信息",
    )
    altcha = AltchaField()

    def __init__(self, *args, offered_columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only columns the visitor came from are offered: a list of every column would be thousands.
        self.fields["columns"].queryset = self.fields["columns"].queryset.filter(
            code__in=list(offered_columns)
        )

    def clean(self):
        data = super().clean()
        if not (
            data.get("organizations") or data.get("columns") or data.get("subjects") or data.get("query")
        ):
            raise forms.ValidationError("请至少选择一项订阅内容：机构、栏目、主题分类或关键词。")
        return data

    def targets(self) -> list[Target]:
        d = self.cleaned_data
        return (
            [Target(SubscriptionKind.ORGANIZATION, organization=o) for o in d["organizations"]]
            + [Target(SubscriptionKind.COLUMN, column=c) for c in d["columns"]]
            + [Target(SubscriptionKind.SUBJECT, subject=s) for s in d["subjects"]]
            + ([Target(SubscriptionKind.QUERY, query=d["query"])] if d["query"].strip() else [])
        )
