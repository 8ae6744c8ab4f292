"""Forms of the annual-report pages: they parse input; the rules are in zwgk.reports.services."""

from django import forms

from zwgk.reports.services import Part2Input


class ReportSelectForm(forms.Form):
    organization = forms.ChoiceField(label="机构")
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2100)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.code, o.name) for o in organizations]


class Part2EntryForm(forms.Form):
    licensing_decisions = forms.IntegerField(label="行政许可 本年处理决定数量", min_value=0)
    penalty_decisions = forms.IntegerField(label="行政处罚 本年处理决定数量", min_value=0)
    coercion_decisions = forms.IntegerField(label="行政强制 本年处理决定数量", min_value=0)
    fees_amount_wan_yuan = forms.DecimalField(
        label="行政事业性收费 本年收费金额（万元）", min_value=0, max_digits=16, decimal_places=4
    )
    source_note = forms.CharField(label="数据来源说明", max_length=300, required=False)

    def as_input(self) -> Part2Input:
        return Part2Input(**self.cleaned_data)


class ReportTextForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况", widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    other = forms.CharField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class PublishForm(forms.Form):
    correction_reason = forms.CharField(
        label="更正原因（再次发布时必填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accept_problems = forms.BooleanField(label="已知悉校验发现的问题，确认照此发布", required=False)


class ScopeForm(forms.Form):
    include_districts = forms.BooleanField(label="汇总所辖区市县、先导区的年度报告", required=False)


class Part2ImportForm(forms.Form):
    file = forms.FileField(label="填报表格（.xlsx）")
