"""Forms of the website-monitoring pages: parse input; the services check and change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import validate_email

from zwgk.monitoring.models import ColumnKind, Site
from zwgk.monitoring.services import SiteInput
from zwgk.organizations.models import Organization


class LinesField(forms.CharField):
    """One value a line (blank lines ignored)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


class SiteForm(forms.Form):
    organization = forms.ModelChoiceField(label="所属机构", queryset=Organization.objects.none())
    name = forms.CharField(label="网站名称", max_length=200)
    home_url = forms.URLField(label="首页地址", max_length=500, assume_scheme="https")
    contacts = LinesField(label="告警联系人邮箱（每行一个）", required=False)
    active = forms.BooleanField(label="启用监测", required=False, initial=True)
    round_every_hours = forms.IntegerField(label="巡检间隔（小时）", min_value=1, initial=24)
    probe_every_minutes = forms.IntegerField(
        label="可用性探测间隔（分钟）",
        min_value=1,
        max_value=72,
        initial=60,
        help_text="每天至少探测 20 次（国办秘函〔2019〕19号），即间隔不超过 72 分钟。",
    )
    extra_hosts = LinesField(
        label="其他允许采集的主机（每行一个，可选）",
        required=False,
        help_text="如 files.example.gov.cn；以点开头表示整个域名，如 .example.gov.cn。",
    )
    pins = LinesField(
        label="固定解析地址（每行一个，可选）",
        required=False,
        help_text=(
            "格式同 curl --resolve：主机:端口:地址[,地址…]。地址须为公网地址；"
            "内网地址只能由平台管理员在允许内网监测的部署中填写。"
        ),
    )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations

    @classmethod
    def initial_for(cls, site: Site) -> dict[str, Any]:
        return {
            "organization": site.organization_id,
            "name": site.name,
            "home_url": site.home_url,
            "contacts": site.contacts,
            "active": site.active,
            "round_every_hours": site.round_every_hours,
            "probe_every_minutes": site.probe_every_minutes,
            "extra_hosts": site.extra_hosts,
            "pins": site.pins,
        }

    def clean_contacts(self) -> list[str]:
        contacts: list[str] = self.cleaned_data["contacts"]
        for address in contacts:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(f"“{address}”不是有效的邮箱地址") from None
        return contacts

    def to_input(self) -> SiteInput:
        return SiteInput(**self.cleaned_data)


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=200)
    url = forms.URLField(label="栏目地址", max_length=500, assume_scheme="https")
    kind = forms.ChoiceField(label="栏目类型", choices=ColumnKind.choices)
    max_age_days = forms.IntegerField(label="更新周期（天，仅“其他栏目”）", min_value=1, required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=100)


class HarvestForm(forms.Form):
    start_url = forms.URLField(
        label="栏目列表页地址",
        max_length=500,
        assume_scheme="https",
        help_text="旧网站上文件栏目的列表页；“下一页”会自动跟进。",
    )
    link_pattern = forms.CharField(
        label="文章地址规则（正则表达式，可选）",
        max_length=200,
        required=False,
        help_text="留空时采集列表中带日期的条目。",
    )
    max_pages = forms.IntegerField(label="最多采集篇数", min_value=1, max_value=5000, initial=500)
