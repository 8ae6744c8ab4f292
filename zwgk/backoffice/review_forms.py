"""Forms of the sign-off chain settings (审签流程设置, decision 0016)."""

from __future__ import annotations

from typing import Any

from django import forms

from zwgk.organizations.models import Organization
from zwgk.review import registry
from zwgk.review.chains import MAX_STEPS, STEP_ROLES, StepSpec

EVERY_AGENCY = ""  # the choice value of the platform-wide chain (administrators only)


class ChainForm(forms.Form):
    # Empty: every agency (the platform default; the service lets only administrators set it).
    organization = forms.ChoiceField(label="适用机构", required=False)
    kind = forms.ChoiceField(label="审签事项")
    subkind = forms.ChoiceField(label="细分类型", required=False)

    def __init__(self, *args: Any, organizations: list[Organization], platform: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(EVERY_AGENCY, "全部机构（默认流程）")] if platform else []
        choices += [(str(o.pk), o.name) for o in organizations]
        self.fields["organization"].choices = choices
        kinds = registry.kinds()
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds]
        sub = [("", "全部类型")]
        for k in kinds:
            sub += [(code, f"{k.label}：{label}") for code, label in k.subkinds]
        self.fields["subkind"].choices = sub
        role_choices = [("", "（不设此步）")] + [(r.value, str(r.label)) for r in STEP_ROLES]
        for i in range(1, MAX_STEPS + 1):
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=f"第{i}步 岗位", choices=role_choices, required=(i == 1)
            )
            self.fields[f"label_{i}"] = forms.CharField(
                label=f"第{i}步 名称",
                max_length=50,
                required=False,
                help_text="如：科室负责人审核、保密审查、主要负责人签发",
            )

    def steps(self) -> list[StepSpec]:
        c = self.cleaned_data
        return [
            StepSpec(c[f"role_{i}"], c.get(f"label_{i}") or "")
            for i in range(1, MAX_STEPS + 1)
            if c.get(f"role_{i}")
        ]

    def clean(self) -> dict[str, Any]:
        c = super().clean() or {}
        kind, subkind = c.get("kind"), c.get("subkind")
        if kind and subkind:
            allowed = dict(registry.get(kind).subkinds)
            if subkind not in allowed:
                self.add_error("subkind", "该细分类型不属于所选审签事项。")
        return c
