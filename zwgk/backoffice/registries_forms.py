"""Forms of the registries' back-office pages (issue 22)."""

from __future__ import annotations

from django import forms

from zwgk.organizations.models import Organization
from zwgk.registries.models import (
    Area,
    Audience,
    Channel,
    EmergencyPlan,
    EmergencyPlanType,
    Method,
    NegativeCategory,
    NegativeListEdition,
    NegativeListItem,
    ParticipantRole,
    PlanLevel,
    PowerKind,
    RevisionKind,
    Tier,
)


class StandardItemForm(forms.Form):
    area = forms.ModelChoiceField(
        label="领域", queryset=Area.objects.filter(is_active=True), to_field_name="code"
    )
    level1 = forms.CharField(label="一级事项", max_length=200)
    level2 = forms.CharField(
        label="二级事项", max_length=200, help_text="同一领域内一级、二级事项相同的将被更新"
    )
    content = forms.CharField(label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label="公开依据", widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(label="公开时限", max_length=300)
    time_limit_workdays = forms.IntegerField(
        label="公开时限（工作日）", min_value=0, max_value=3650, required=False, help_text="常态公开留空"
    )
    responsible = forms.CharField(label="公开主体", max_length=300)
    channels = forms.MultipleChoiceField(
        label="公开渠道和载体", choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.ChoiceField(label="公开对象", choices=Audience.choices)
    method = forms.ChoiceField(label="公开方式", choices=Method.choices)
    tiers = forms.MultipleChoiceField(
        label="公开层级", choices=Tier.choices, widget=forms.CheckboxSelectMultiple
    )
    effective_on = forms.DateField(
        label="起算日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="公开时限自此日起算",
    )
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100)
    documents = forms.CharField(
        label="已公开信息索引号", required=False, help_text="落实该事项的已发布信息，多个用“；”分隔"
    )

    def raw(self) -> dict:
        data = dict(self.cleaned_data)
        data["area"] = data["area"].code
        data.pop("documents")
        return data

    def index_numbers(self) -> list[str]:
        text = self.cleaned_data.get("documents", "").replace(";", "；")
        return [p.strip() for p in text.split("；") if p.strip()]


class AdoptForm(forms.Form):
    area = forms.ModelChoiceField(
        label="领域", queryset=Area.objects.filter(is_active=True), to_field_name="code"
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="表格文件（.xlsx，使用平台提供的模板）")


class PowerItemForm(forms.Form):
    code = forms.CharField(label="事项编码", max_length=64, help_text="编码相同的事项将被更新")
    kind = forms.ChoiceField(label="事项类型", choices=PowerKind.choices)
    name = forms.CharField(label="事项名称", max_length=300)
    sub_item = forms.CharField(label="子项", max_length=300, required=False)
    legal_basis = forms.CharField(label="设定依据", widget=forms.Textarea(attrs={"rows": 2}))
    responsible_unit = forms.CharField(label="实施主体（承办机构）", max_length=300)
    accountability = forms.CharField(label="责任事项与追责情形", widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label="备注", max_length=500, required=False)
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100)


class PublishForm(forms.Form):
    published_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="调整说明", max_length=500, required=False)


class PlanForm(forms.Form):
    title = forms.CharField(label="预案名称", max_length=300)
    plan_type = forms.ModelChoiceField(label="预案类型", queryset=EmergencyPlanType.objects.all())
    level = forms.ChoiceField(label="预案层级", choices=PlanLevel.choices)
    issued_on = forms.DateField(label="印发日期", widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(
        label="预案文件索引号", max_length=80, required=False, help_text="已发布的预案正文"
    )


class RevisionForm(forms.Form):
    plan = forms.ModelChoiceField(label="预案", queryset=EmergencyPlan.objects.none())
    kind = forms.ChoiceField(
        label="类别", choices=[(RevisionKind.EVALUATED, "评估"), (RevisionKind.REVISED, "修订")]
    )
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=500, required=False)
    document = forms.CharField(label="修订后文件索引号", max_length=80, required=False)

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plans is not None:
            self.fields["plan"].queryset = plans


class PeriodForm(forms.Form):
    plan_type = forms.ModelChoiceField(label="预案类型", queryset=EmergencyPlanType.objects.all())
    review_period_months = forms.IntegerField(label="评估周期（月）", min_value=1, max_value=120)


class TrainingForm(forms.Form):
    topic = forms.CharField(label="培训主题", max_length=300)
    held_on = forms.DateField(label="培训日期", widget=forms.DateInput(attrs={"type": "date"}))
    trainer = forms.CharField(label="授课人", max_length=200)
    material = forms.CharField(
        label="培训材料索引号", max_length=80, required=False, help_text="已发布的培训材料"
    )
    material_note = forms.CharField(label="培训材料说明", max_length=500, required=False)
    economic_policy = forms.BooleanField(label="经济政策解读培训（面向基层一线政策执行人员）", required=False)


class ParticipantForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="参训单位",
        queryset=Organization.objects.filter(is_active=True),
        to_field_name="code",
        required=False,
    )
    role = forms.ChoiceField(label="人员类别", choices=ParticipantRole.choices, required=False)
    count = forms.IntegerField(label="人数", min_value=1, max_value=100000, required=False)

    def clean(self):
        data = super().clean()
        filled = [data.get(k) not in (None, "") for k in ("organization", "role", "count")]
        if any(filled) and not all(filled):
            raise forms.ValidationError("请完整填写参训单位、人员类别和人数。")
        return data


# One empty row to start with; "添加一行" adds more (a script clones the empty form; without
# scripts the button posts the form back and the page returns with one more row).
ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=1, max_num=200, absolute_max=200)


def participant_rows_from(data) -> list[dict[str, str]]:
    """The participant rows typed so far (as posted), to redraw the form with one more row."""
    try:
        total = min(int(data.get("p-TOTAL_FORMS", 0)), 199)
    except ValueError:
        total = 0
    return [{k: data.get(f"p-{i}-{k}", "") for k in ("organization", "role", "count")} for i in range(total)]


# --- city-wide reference data (formerly edited in the Django admin) ---------------------------
class AreaForm(forms.Form):
    code = forms.SlugField(
        label="代码", max_length=64, help_text="小写字母、数字和连字符，用于网址和接口，创建后不能修改"
    )
    name = forms.CharField(label="领域名称", max_length=100)
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100)
    is_active = forms.BooleanField(
        label="启用", required=False, initial=True, help_text="停用的领域不再用于新事项和模板，已有事项保留"
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
        else:
            del self.fields["is_active"]


class PlanTypeForm(forms.Form):
    code = forms.SlugField(label="代码", max_length=64, help_text="小写字母、数字和连字符，创建后不能修改")
    name = forms.CharField(label="预案类型", max_length=100)
    review_period_months = forms.IntegerField(
        label="评估周期（月）",
        min_value=1,
        max_value=120,
        initial=36,
        help_text="自最近一次印发、评估或修订起算",
    )
    sort = forms.IntegerField(label="排序", min_value=0, max_value=9999, initial=100)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True


class EditionForm(forms.Form):
    title = forms.CharField(label="版本名称", max_length=200, help_text="如“市场准入负面清单（2025年版）”")
    issued_on = forms.DateField(label="发布日期", widget=forms.DateInput(attrs={"type": "date"}))
    issuer = forms.CharField(label="发布机关", max_length=200, initial="国家发展改革委 商务部")
    copy_from = forms.ModelChoiceField(
        label="以此版本为底稿",
        queryset=NegativeListEdition.objects.all(),
        required=False,
        help_text="复制其事项、本市实施措施和关联的许可事项，再逐项调整",
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["copy_from"]


class NegativeItemForm(forms.Form):
    number = forms.IntegerField(
        label="事项编号", min_value=1, max_value=9999, help_text="编号相同的事项将被更新"
    )
    category = forms.ChoiceField(label="类别", choices=NegativeCategory.choices)
    industry = forms.CharField(label="行业", max_length=200)
    title = forms.CharField(label="事项名称", max_length=300)
    measures = forms.CharField(label="禁止或许可准入措施描述", widget=forms.Textarea(attrs={"rows": 3}))
    city_measures = forms.CharField(
        label="本市实施措施", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NegativeLinkForm(forms.Form):
    item = forms.ModelChoiceField(label="负面清单事项", queryset=NegativeListItem.objects.none())
    organization = forms.ModelChoiceField(
        label="实施机关", queryset=Organization.objects.filter(is_active=True), to_field_name="code"
    )
    power_code = forms.CharField(
        label="行政许可事项编码", max_length=64, help_text="该机关现行权责清单中的行政许可事项"
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["item"].queryset = items


class PlanReviseForm(forms.Form):
    on = forms.DateField(label="修订日期", widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label="预案名称", max_length=300)
    plan_type = forms.ModelChoiceField(label="预案类型", queryset=EmergencyPlanType.objects.all())
    level = forms.ChoiceField(label="预案层级", choices=PlanLevel.choices)
    document = forms.CharField(
        label="预案文件索引号", max_length=80, required=False, help_text="修订后已发布的预案正文"
    )
    note = forms.CharField(
        label="修订说明", max_length=500, required=False, help_text="留空则记录修改了哪些栏目"
    )


class PlanEvaluateForm(forms.Form):
    on = forms.DateField(label="评估日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="评估结论", max_length=500, required=False)
