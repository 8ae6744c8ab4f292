import time

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from zwgk.backoffice import login_throttle
from zwgk.organizations.models import Organization

# One message for every failed login, whether the username exists, is disabled or belongs to
# nobody: the login page must not tell which usernames are real (issue 21.7).
LOGIN_FAILED = "用户名或密码不正确。连续多次失败后需等待片刻才能再试。"


class ThrottledLogin:
    """The progressive per-username delay of `login_throttle`, for any authentication form."""

    request: object
    cleaned_data: dict[str, object]

    def clean(self):  # type: ignore[no-untyped-def]
        username = str(self.cleaned_data.get("username") or "")
        now = time.time()
        if username and not login_throttle.is_trusted_device(self.request, username):
            wait = login_throttle.seconds_to_wait(username, now=now)
            if wait:
                raise ValidationError(
                    "登录尝试过于频繁，请 %(seconds)d 秒后再试。", code="throttled", params={"seconds": wait}
                )
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            if username:
                login_throttle.record_failure(username, now=now)
            raise


class LoginForm(ThrottledLogin, AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    """django-admin's login goes through the same delay (else it would be the way around it)."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": LOGIN_FAILED,
        "inactive": LOGIN_FAILED,
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
