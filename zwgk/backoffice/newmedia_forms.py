"""Forms of the new-media pages (政务新媒体)."""

from __future__ import annotations

from django import forms

from zwgk.newmedia.models import FilingKind, Platform

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenForm(forms.Form):
    organization = forms.ChoiceField(label="主办机构")
    platform = forms.ChoiceField(label="平台", choices=Platform.choices)
    name = forms.CharField(label="账号名称", max_length=100)
    operator = forms.CharField(label="运营单位", max_length=200)
    url = forms.URLField(label="访问地址", required=False, assume_scheme="https")
    filed_on = forms.DateField(label="开设备案日期", widget=DATE)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.code, o.display_name) for o in organizations]


class FiguresForm(forms.Form):
    last_updated_on = forms.DateField(label="最近更新日期", required=False, widget=DATE)
    unanswered_messages = forms.IntegerField(label="未回复留言数", min_value=0, initial=0)
    oldest_unanswered_on = forms.DateField(label="最早未回复留言日期", required=False, widget=DATE)


class FilingForm(forms.Form):
    kind = forms.ChoiceField(
        label="备案事项", choices=[(k.value, k.label) for k in (FilingKind.CHANGE, FilingKind.CLOSURE)]
    )
    filed_on = forms.DateField(label="备案日期", widget=DATE)
    name = forms.CharField(label="新账号名称", max_length=100, required=False)
    operator = forms.CharField(label="新运营单位", max_length=200, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="填报表（.xlsx）")


class PostsForm(forms.Form):
    since = forms.DateField(label="发布日期自", widget=DATE)
    until = forms.DateField(label="至", widget=DATE)
