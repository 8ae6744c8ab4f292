from django.contrib import admin

from zwgk.review.models import ReviewRequest


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organization", "state", "submitted_by", "submitted_at", "decided_by"]
    list_filter = ["state", "kind"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None):
        # Decisions go through the review services so the target and the audit log follow.
        return False

    def has_add_permission(self, request):
        return False
