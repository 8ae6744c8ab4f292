"""City-wide reference data kept by administrators in the admin: the standard areas (RULES
§3.4: local catalogues rename and merge them), emergency plan types with their evaluation
periods, and the editions of the market-access negative list with their items."""

from django.contrib import admin

from zwgk.registries.models import Area, EmergencyPlanType, NegativeListEdition, NegativeListItem


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort", "is_active"]
    list_editable = ["sort", "is_active"]
    search_fields = ["name", "code"]


@admin.register(EmergencyPlanType)
class EmergencyPlanTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "review_period_months", "sort"]


class NegativeListItemInline(admin.StackedInline):
    model = NegativeListItem
    extra = 0
    fields = ["number", "category", "industry", "title", "measures", "city_measures"]


@admin.register(NegativeListEdition)
class NegativeListEditionAdmin(admin.ModelAdmin):
    list_display = ["title", "issued_on", "issuer", "is_current"]
    inlines = [NegativeListItemInline]
