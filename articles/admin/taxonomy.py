"""Regions and event tags in the admin; saves and deletes go through the workflow, so a renamed
region or tag reaches the search text of its articles."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from newsroom.direction import ContentDirectionMixin

from .. import workflow
from ..models import EventTag, Region


class SubjectAdmin(ContentDirectionMixin, TabbedTranslationAdmin):
    def save_model(self, request, obj, form, change):
        workflow.save_subject(obj)

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        workflow.delete_subjects(queryset)


@admin.register(Region)
class RegionAdmin(SubjectAdmin):
    list_display = ["name", "level", "code", "parent"]
    list_filter = ["level"]
    search_fields = ["name_ar", "name_fr", "name_en", "alt_names", "code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_ar"]}
    list_select_related = ["parent"]


@admin.register(EventTag)
class EventTagAdmin(SubjectAdmin):
    list_display = ["name", "starts_on", "ends_on", "region"]
    list_filter = ["starts_on"]
    search_fields = ["name_ar", "name_fr", "name_en"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ["name_ar"]}
    list_select_related = ["region"]


class RegionFilter(admin.SimpleListFilter):
    """Filter by region, province or commune, each including everything under it.

    Listing all 1,590 divisions would be unusable: show the 12 regions, and under the chosen one
    its provinces (and under a chosen province its communes).
    """

    title = _("المنطقة")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        choices = [(region.code, region.name) for region in Region.objects.top_level()]
        selected = Region.objects.filter(code=self.value()).first() if self.value() else None
        for depth, region in enumerate([*selected.ancestors(), selected] if selected else [], start=1):
            codes = [code for code, _name in choices]
            if region.code in codes:
                at = codes.index(region.code) + 1
                # The right-to-left mark keeps the indenting dashes on the start side.
                indent = "\u200f" + "— " * depth
                choices[at:at] = [(child.code, indent + child.name) for child in region.children.all()]
        return choices

    def queryset(self, request, queryset):
        region = Region.objects.filter(code=self.value()).first() if self.value() else None
        return queryset.in_region(region) if region else queryset
