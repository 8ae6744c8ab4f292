"""Forms of the 办事公开 pages: outlets, complaint channels, the competent department's check."""

from __future__ import annotations

from django import forms

from zwgk.directory.models import ChannelKind, ComplaintOutcome, Sector, VerificationResult
from zwgk.organizations.models import Organization, OrgKind


class OutletForm(forms.Form):
    name = forms.CharField(label="网点名称", max_length=200, help_text="同名网点将被更新")
    address = forms.CharField(label="地址", max_length=300)
    hours = forms.CharField(label="服务时间", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100)


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label="渠道类型", choices=ChannelKind.choices)
    value = forms.CharField(label="号码/地址", max_length=300)
    note = forms.CharField(label="说明", max_length=300, required=False)


class VerificationForm(forms.Form):
    verified_on = forms.DateField(label="核实日期", widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.ChoiceField(label="核实结果", choices=VerificationResult.choices)
    note = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="存在问题时必填"
    )


class ComplaintAnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="调查结果", choices=ComplaintOutcome.choices)
    answer = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="写明调查经过、认定的事实和处理结果；将通过电子邮件发送给申诉人并在其查询页面显示。",
    )
    answered_on = forms.DateField(
        label="答复日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class DirectoryImportForm(forms.Form):
    file = forms.FileField(label="表格文件（.xlsx）")


class SectorForm(forms.Form):
    sector = forms.ModelChoiceField(
        label="所属领域", queryset=Sector.objects.all(), required=False, empty_label="未指定"
    )


class SectorEditForm(forms.Form):
    code = forms.SlugField(label="领域代码", max_length=32, help_text="同代码的领域将被更新")
    name = forms.CharField(label="领域名称", max_length=50)
    competent_department = forms.ModelChoiceField(
        label="主管部门",
        queryset=Organization.objects.filter(is_active=True).exclude(kind=OrgKind.PUBLIC_ENTERPRISE),
        to_field_name="code",
        required=False,
        empty_label="未指定",
    )
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100)
