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


FILTERABLE = forms.SelectMultiple(attrs={"data-filter": "", "size": 8})


class ArrangementImportForm(forms.Form):
    """The arrangement's text, pasted or as a .txt file, and staff's answers for each unit
    phrase the preview could not resolve (one `map_<i>` field per phrase, keyed by `key_<i>`)."""

    text = forms.CharField(
        label="工作安排全文",
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=200_000,
        help_text="从印发文件中复制全文（含文号、印发机关和日期），或上传 .txt 文件。",
    )
    file = forms.FileField(label="或上传文本文件（UTF-8）", required=False)

    def __init__(self, *args, unresolved_keys=(), agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = list(unresolved_keys)
        for i, key in enumerate(self.keys):
            section, _, phrase = key.rpartition("|")
            where = f"{section}的" if section else "全文中的"
            self.fields[f"key_{i}"] = forms.CharField(widget=forms.HiddenInput, initial=key)
            self.fields[f"map_{i}"] = forms.ModelMultipleChoiceField(
                label=f"{where}“{phrase}”对应的机构",
                queryset=agencies if agencies is not None else Organization.objects.none(),
                to_field_name="code",
                required=False,
                widget=FILTERABLE,
            )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            try:
                data["text"] = upload.read(400_000).decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "文件不是 UTF-8 编码的文本。")
        if not (data.get("text") or "").strip() and not self.errors:
            self.add_error("text", "请粘贴工作安排全文或上传文件。")
        return data

    def mappings(self) -> dict[str, list[str]]:
        out = {}
        for i in range(len(self.keys)):
            key = self.data.get(f"key_{i}") or ""
            codes = [o.code for o in self.cleaned_data.get(f"map_{i}") or []]
            if key and codes:
                out[key] = codes
        return out


class UnitCreateForm(forms.Form):
    phrase = forms.CharField(label="文中名称", max_length=100)
    name = forms.CharField(label="全称", max_length=200)
    code = forms.SlugField(label="机构代码", max_length=64, help_text="如 dl-nyj")
