"""Forms of the 办事公开 pages: outlets, complaint channels, the competent department's check."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms

from zwgk.core.errors import ValidationFailed
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
    outcome = forms.ChoiceField(
        label="调查结果",
        choices=[("", "请选择"), *ComplaintOutcome.choices],
        error_messages={"required": "请选择调查结果。", "invalid_choice": "请选择调查结果。"},
    )
    answer = forms.CharField(
        label="答复内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="写明调查经过、认定的事实和处理结果；将通过电子邮件发送给申诉人并在其查询页面显示。",
        error_messages={
            "required": "请填写答复内容。",
            "max_length": "答复内容不能超过 %(limit_value)d 字（现有 %(show_value)d 字）。",
        },
    )
    answered_on = forms.DateField(
        label="答复日期",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": "请填写答复日期。",
            "invalid": "请按“年-月-日”填写答复日期，如 2026-03-09。",
        },
    )

    def add_service_error(self, exc: ValidationFailed) -> None:
        """The service's refusal on the field it names (答复日期 …), else above the form."""
        named = [name for name in exc.fields if name in self.fields]
        if named:
            for name in named:
                self.add_error(name, exc.message)
        else:
            self.add_error(None, exc.message)


class DirectoryImportForm(forms.Form):
    """The sheet: uploaded for the preview, or carried back (base64) by the confirming form."""

    file = forms.FileField(label="表格文件（.xlsx）", required=False)
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            cleaned["content"] = upload.read()
        elif cleaned.get("content"):
            try:
                cleaned["content"] = base64.b64decode(cleaned["content"], validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError("表格内容有误，请重新上传。") from None
        else:
            raise forms.ValidationError("请选择要导入的表格文件（.xlsx）。")
        return cleaned


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
