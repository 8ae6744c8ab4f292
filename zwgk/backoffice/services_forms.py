"""The guide form: every standard element of a service guide; materials and FAQ as lines, so a
guide is typed (or pasted from the agency's list) in one page without a widget per row."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from zwgk.services.guides import GuideInput, MaterialInput
from zwgk.services.models import Guide, GuideVersion, LimitUnit, Package, PackageKind

SEP = "|"
FILE_REF = re.compile(r"^文件#(\d+)$")
MATERIAL_HELP = (
    "每行一项：材料名称|通用材料代码|形式|份数|空白表格|示例样表，后几项可省略；"
    "空白表格和示例样表写链接，或写本页上传文件后显示的“文件#编号”；"
    "通用材料代码（如 id_card 身份证、business_licence 营业执照）相同的材料在“一件事”中只需提交一次。"
    "无需提交材料的事项写一行“无需提交材料”。"
)


def _text(label: str, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class GuideForm(forms.Form):
    name = forms.CharField(label="事项名称", max_length=200)
    legal_basis = _text("设定依据")
    conditions = _text("申请条件")
    materials = _text("申请材料", rows=6, help_text=MATERIAL_HELP)
    procedure = _text("办理流程", rows=5, help_text="每行一个环节")
    statutory_limit = forms.IntegerField(label="法定办结时限", required=False, min_value=1, max_value=3650)
    promised_limit = forms.IntegerField(label="承诺办结时限", required=False, min_value=1, max_value=3650)
    limit_unit = forms.ChoiceField(label="时限计算方式", choices=LimitUnit.choices)
    fee_standard = _text("收费标准", rows=2, help_text="不收费的写“不收费”")
    fee_basis = _text("收费依据", rows=2)
    window_address = _text("办理地点（窗口地址）", rows=2)
    office_hours = forms.CharField(label="办理时间", max_length=200, required=False)
    online_url = forms.URLField(label="网上办理地址", max_length=500, required=False, assume_scheme="https")
    contact_phone = forms.CharField(label="咨询电话", max_length=100, required=False)
    complaint_channel = _text("监督投诉渠道", rows=2)
    faq = _text("常见问题", rows=4, help_text="每行一条：问题|回答")

    def clean_materials(self) -> list[MaterialInput]:
        out = []
        for n, line in enumerate(self.cleaned_data["materials"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(SEP)] + [""] * 6
            name, code, form, copies, template, sample = parts[:6]
            if not name:
                raise forms.ValidationError(f"第{n}行缺少材料名称。")
            try:
                count = int(copies) if copies else 1
            except ValueError:
                raise forms.ValidationError(f"第{n}行的份数应为数字。") from None
            links, files = [], []
            for value in (template, sample):
                ref = FILE_REF.match(value)
                if value and not ref and not value.startswith(("https://", "http://", "/")):
                    raise forms.ValidationError(
                        f"第{n}行的表格应为以 https:// 或 / 开头的链接，或“文件#编号”。"
                    )
                links.append("" if ref else value)
                files.append(int(ref.group(1)) if ref else None)
            out.append(
                MaterialInput(
                    name, code, form, max(count, 1), True, "", links[0], links[1], files[0], files[1]
                )
            )
        return out

    def clean_faq(self) -> list[dict[str, str]]:
        out = []
        for n, line in enumerate(self.cleaned_data["faq"].splitlines(), start=1):
            if not line.strip():
                continue
            question, _, answer = line.partition(SEP)
            if not (question.strip() and answer.strip()):
                raise forms.ValidationError(f"第{n}行应为“问题|回答”。")
            out.append({"question": question.strip(), "answer": answer.strip()})
        return out

    def guide_input(self) -> GuideInput:
        data = dict(self.cleaned_data)
        data.pop("item_code", None)
        data.pop("organization", None)
        materials = data.pop("materials")
        for name in ("online_url",):
            data[name] = data[name] or ""
        return GuideInput(**data, materials=materials)

    @staticmethod
    def initial_from(version: GuideVersion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(version, name)
            for name in (
                "name", "legal_basis", "conditions", "procedure", "statutory_limit", "promised_limit",
                "limit_unit", "fee_standard", "fee_basis", "window_address", "office_hours", "online_url",
                "contact_phone", "complaint_channel",
            )
        }  # fmt: skip

        def ref(file_id: int | None, url: str) -> str:
            return f"文件#{file_id}" if file_id else url

        initial["materials"] = "\n".join(
            SEP.join(
                [
                    m.name,
                    m.shared_code,
                    m.form,
                    str(m.copies),
                    ref(m.template_file_id, m.template_url),
                    ref(m.sample_file_id, m.sample_url),
                ]
            ).rstrip(SEP)
            for m in version.materials.all()
        )
        initial["faq"] = "\n".join(f"{f['question']}{SEP}{f['answer']}" for f in version.faq)
        return initial


class NewGuideForm(GuideForm):
    organization = forms.ModelChoiceField(label="实施机构", queryset=None, to_field_name="code")  # type: ignore[arg-type]
    item_code = forms.CharField(
        label="事项编码", max_length=64, help_text="政务服务事项实施编码；办件进度按它关联"
    )
    field_order = ["organization", "item_code"]

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: o.name


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="停止办理原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="将在门户网站公开",
    )


class MaterialFileForm(forms.Form):
    file = forms.FileField(label="空白表格或示例样表文件", help_text="PDF、Word、Excel 或图片")


class PackageForm(forms.Form):
    """一件事: the guides are typed as item codes, one a line, in the order an applicant goes
    through them (the portal and the combined checklist keep that order)."""

    code = forms.SlugField(
        label="代码", max_length=64, help_text="门户网址的一部分，如 open-restaurant；保存后不能修改"
    )
    name = forms.CharField(label="名称", max_length=200, help_text="如“开办餐饮店一件事”")
    kind = forms.ChoiceField(label="类型", choices=PackageKind.choices)
    life_event = _text("适用情形", rows=3, help_text="办事人遇到的人生事件或经营情形")
    lead = forms.ModelChoiceField(label="牵头机构", queryset=None, to_field_name="code")  # type: ignore[arg-type]
    item_codes = _text(
        "包含的事项",
        rows=6,
        help_text="每行一个事项编码，按办理顺序；可包含其他机构的已发布事项，至少两项",
    )
    public = forms.BooleanField(label="在门户网站公开", required=False)

    def __init__(self, *args: Any, organizations: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = organizations
        self.fields["lead"].label_from_instance = lambda o: o.name
        self.fields["lead"].empty_label = None  # most signers keep one agency: chosen already
        if editing:
            self.fields["code"].disabled = True

    def clean_item_codes(self) -> list[Guide]:
        codes = [c.strip() for c in self.cleaned_data["item_codes"].splitlines() if c.strip()]
        found = {
            g.item_code: g for g in Guide.objects.filter(item_code__in=codes).select_related("published")
        }
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(f"未找到事项编码：{'、'.join(unknown)}。")
        return [found[c] for c in dict.fromkeys(codes)]

    @staticmethod
    def initial_from(package: Package) -> dict[str, Any]:
        return {
            "code": package.code,
            "name": package.name,
            "kind": package.kind,
            "life_event": package.life_event,
            "lead": package.lead.code,
            "item_codes": "\n".join(i.guide.item_code for i in package.items.select_related("guide")),
            "public": package.public,
        }
