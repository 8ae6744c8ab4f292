"""`{{ day|date:"Y-m-d"|provisional:flag }}`: pages mark provisional dates as letters and e-mails
do, through the same `provisional_text` (RULES §1)."""

from django import template

from zwgk.core.workdays import provisional_text

register = template.Library()


@register.filter(name="provisional")
def provisional_filter(text: object, flag: object) -> str:
    return provisional_text("" if text is None else str(text), bool(flag))
