from django.contrib import admin

from zwgk.core.models import AuditEntry, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "updated_at"]

    def has_change_permission(self, request, obj=None):
        # Edits go through the calendar service so open deadlines are recomputed.
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_name", "verb", "target_repr", "organization_code"]
    list_filter = ["verb"]
    search_fields = ["actor_name", "target_repr", "organization_code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
