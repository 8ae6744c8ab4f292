"""The public complaint (申诉) form about a public enterprise's disclosure (RULES §3.5)."""

from __future__ import annotations

from django import forms

from zwgk.organizations.models import Organization, OrgKind
from zwgk.portal.proof_of_work import AltchaField


class ComplaintForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="被申诉单位",
        queryset=Organization.objects.filter(kind=OrgKind.PUBLIC_ENTERPRISE, is_active=True).order_by(
            "sort_order", "code"
        ),
        to_field_name="code",
        empty_label="请选择",
    )
    subject = forms.CharField(
        label="申诉事项", max_length=200, help_text="例如：营业厅服务时间与公布的不一致"
    )
    body = forms.CharField(
        label="申诉内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请写明事实和您的诉求",
    )
    name = forms.CharField(label="姓名或单位名称", max_length=100)
    email = forms.EmailField(
        label="电子邮箱", max_length=254, required=False, help_text="调查结果将发送到此邮箱"
    )
    phone = forms.CharField(label="联系电话", max_length=50, required=False)
    altcha = AltchaField()

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError("请至少留下电子邮箱或联系电话，以便告知调查结果。")
        return data
