from django import forms

from zwgk.organizations.models import Organization
from zwgk.workplan.models import ProgressStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Type and size are checked by the service (sniffed content, ZWGK_UPLOAD_MAX_BYTES).
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class TaskFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Organization.objects.none(),
        required=False,
        to_field_name="code",
        empty_label="全部",
    )
    overdue = forms.BooleanField(label="仅看逾期未完成", required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ProgressReportForm(forms.Form):
    organization = forms.ModelChoiceField(label="报送单位", queryset=Organization.objects.none())
    status = forms.ChoiceField(label="进展状态", choices=ProgressStatus.choices)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    links = forms.CharField(
        label="佐证链接或目录条目编号（每行一个）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="网页地址（http/https）、资源库条目编号或索引号。报送“已完成”须附佐证。",
    )
    files = MultipleFileField(
        label="佐证材料（PDF、OFD、Word、Excel、图片）",
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["organization"].queryset = units
            if len(units) == 1:
                # One unit: preselected, so the form is one choice shorter for most staff.
                self.fields["organization"].initial = units[0].pk

    def link_lines(self) -> list[str]:
        return [v.strip() for v in self.cleaned_data["links"].splitlines() if v.strip()]
