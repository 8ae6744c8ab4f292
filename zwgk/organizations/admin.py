from django.contrib import admin

from zwgk.organizations.models import Membership, Organization, ResponsibleLeader


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    readonly_fields = ["path"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__name"]


@admin.register(ResponsibleLeader)
class ResponsibleLeaderAdmin(admin.ModelAdmin):
    list_display = ["organization", "name", "post", "filed_on"]
