from django.contrib import admin

from .models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """What each WordPress id became: read-only, the import keeps it."""

    list_display = ("source", "kind", "key", "object_id", "updated_at")
    list_filter = ("kind", "source")
    search_fields = ("key",)
    show_full_result_count = False  # a big site has hundreds of thousands of rows

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
