"""Taxonomies and columns are data administrators edit here; items change only via services."""

from django.contrib import admin

from zwgk.catalog.models import Art20Category, Column, Document, Genre, Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "sort_order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "requires_interpretation", "sort_order"]
    list_editable = ["requires_interpretation", "sort_order"]


@admin.register(Art20Category)
class Art20CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order"]


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "organization", "deadline_workdays", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["qualifying_subjects"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "index_no", "state", "validity", "published_on"]
    list_filter = ["state", "validity", "kind"]
    search_fields = ["title", "doc_no", "index_no"]
    readonly_fields = [f.name for f in Document._meta.concrete_fields]

    def has_add_permission(self, request):
        # Publishing, numbering and indexing go through the catalogue services.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
