from django import forms
from django.contrib.auth.forms import AuthenticationForm

from zwgk.organizations.models import Organization


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续多次失败将暂时锁定账号。",
        "inactive": "该账号已停用。",
    }


class LeaderFilingForm(forms.Form):
    organization = forms.ModelChoiceField(label="机构", queryset=Organization.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    post = forms.CharField(label="职务", max_length=100)
    filed_on = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label="放假日期（每行一个，YYYY-MM-DD）", widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    workdays = forms.CharField(
        label="调休上班的周末日期（每行一个）", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    @staticmethod
    def lines(value: str) -> list[str]:
        return [v.strip() for v in value.replace(",", "\n").splitlines() if v.strip()]
