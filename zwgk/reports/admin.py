"""Assessment schemes are configured by the supervising office and administrators in the admin."""

from django.contrib import admin

from zwgk.reports.models import AssessmentScheme, SchemeIndicator


class SchemeIndicatorInline(admin.TabularInline):
    model = SchemeIndicator
    extra = 0
    fields = ["sort_order", "code", "name", "comparison", "threshold", "weight", "per_step", "step", "veto"]


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "active", "full_score", "fail_at_or_below", "updated_at"]
    list_filter = ["year", "active"]
    search_fields = ["name"]
    inlines = [SchemeIndicatorInline]
