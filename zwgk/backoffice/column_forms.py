"""Forms of the column pages: they parse input into ColumnInput, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms

from zwgk.backoffice.catalog_forms import DATE, FILTERABLE, SubjectChoice
from zwgk.catalog.inputs import ColumnInput
from zwgk.catalog.models import Column, Subject
from zwgk.organizations.models import Organization


def split_keywords(text: str) -> list[str]:
    for sep in "，,；; 、\n":
        text = text.replace(sep, ",")
    return [k.strip() for k in text.split(",") if k.strip()]


class ColumnChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Column) -> str:
        return (
            f"{obj.organization.short_name or obj.organization.name} › {obj.name}"
            if obj.organization
            else obj.name
        )


class ColumnForm(forms.Form):
    """One form for both kinds: `topic` drops the agency and parent and adds the rule."""

    organization = forms.ModelChoiceField(label="所属机构", queryset=Organization.objects.none())
    code = forms.RegexField(
        label="代码",
        regex=r"^[a-z0-9][a-z0-9-]{0,40}$",
        help_text="用于网址，保存后不能修改：小写字母、数字和连字符，如 yhyshj",
        error_messages={"invalid": "代码由小写字母、数字和连字符组成。"},
    )
    name = forms.CharField(label="名称", max_length=100)
    parent = ColumnChoice(label="上级栏目", queryset=Column.objects.none(), required=False)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sort_order = forms.IntegerField(
        label="排序", min_value=0, max_value=100000, initial=100, help_text="数字小的在前"
    )
    deadline_workdays = forms.IntegerField(
        label="上栏时限（工作日）",
        required=False,
        min_value=1,
        max_value=60,
        help_text="符合条件的新发布信息须在发布后这么多个工作日内放入本栏目；留空则不检查",
    )
    rule_from = forms.DateField(
        label="时限规则起算日期", required=False, widget=DATE, help_text="此日期前发布的信息不检查"
    )
    qualifying_keywords = forms.CharField(
        label="适用关键词",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="标题或关键词含其一的新发布信息须上此栏目；多个用逗号分隔",
    )
    qualifying_subjects = SubjectChoice(
        label="适用主题分类",
        queryset=Subject.objects.select_related("parent"),
        required=False,
        widget=FILTERABLE,
    )

    TOPIC_ONLY = ("deadline_workdays", "rule_from", "qualifying_keywords", "qualifying_subjects")

    def __init__(
        self, *args: Any, topic: bool, organizations: Any, column: Column | None = None, **kwargs: Any
    ) -> None:
        if column is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(column)
        super().__init__(*args, **kwargs)
        self.topic = topic
        if topic:
            for name in ("organization", "parent"):
                del self.fields[name]
        else:
            for name in self.TOPIC_ONLY:
                del self.fields[name]
            self.fields["organization"].queryset = organizations
            parents = Column.objects.filter(organization__in=organizations, is_active=True)
            if column is not None:
                del self.fields["organization"]
                parents = parents.filter(organization=column.organization).exclude(pk=column.pk)
            self.fields["parent"].queryset = parents.select_related("organization")
        if column is not None:
            del self.fields["code"]

    @staticmethod
    def initial_for(column: Column) -> dict[str, Any]:
        return {
            "name": column.name,
            "parent": column.parent_id,
            "description": column.description,
            "sort_order": column.sort_order,
            "deadline_workdays": column.deadline_workdays,
            "rule_from": column.rule_from,
            "qualifying_keywords": "，".join(column.qualifying_keywords or []),
            "qualifying_subjects": list(column.qualifying_subjects.all()),
        }

    def to_input(self) -> ColumnInput:
        d = self.cleaned_data
        return ColumnInput(
            name=d["name"],
            organization=d.get("organization"),
            parent=d.get("parent"),
            description=d.get("description") or "",
            sort_order=d["sort_order"],
            deadline_workdays=d.get("deadline_workdays"),
            rule_from=d.get("rule_from"),
            qualifying_keywords=split_keywords(d.get("qualifying_keywords") or ""),
            qualifying_subjects=list(d.get("qualifying_subjects") or []),
        )
