from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from newsroom.direction import ContentDirectionMixin

from .. import workflow
from ..models import ArticleAuthor, Correction


class ArticleAuthorInline(ContentDirectionMixin, admin.TabularInline):
    """Bylines are part of the article: editable exactly when the article is."""

    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    verbose_name = _("كاتب")
    verbose_name_plural = _("الكتّاب (بترتيب التوقيع)")

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)

    def _article_editable(self, request, article):
        return article is None or workflow.can_edit(request.user, article)


class CorrectionInline(TranslationStackedInline):
    """Corrections are appended to published articles by those allowed to (editors), and never
    edited in place, by anyone: the record of what was wrong must stay as published."""

    model = Correction
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    verbose_name = _("تصحيح أو توضيح")
    verbose_name_plural = _("التصحيحات والتوضيحات")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if self.has_add_permission(request, obj) else 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.is_published() and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        # Existing rows render read-only, and the admin's formset ignores posted changes to them.
        return False
