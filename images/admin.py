"""The library in the admin: search and filters, several uploads at once, where each photo is used."""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from . import chooser, renditions
from .forms import UploadForm
from .models import Image
from .workflow import delete_images, save_image, upload_image


class UsageFilter(admin.SimpleListFilter):
    title = _("الاستعمال")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", _("مستعملة في مقال")), ("no", _("غير مستعملة"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(articles__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(articles__isnull=True)
        return queryset


@admin.register(Image)
class ImageAdmin(TabbedTranslationAdmin):
    list_display = ["thumbnail", "title", "credit", "dimensions", "uploaded_by", "uploaded_at", "usage_count"]
    list_display_links = ["thumbnail", "title"]
    list_filter = [UsageFilter, "uploaded_at", ("uploaded_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title_ar", "title_fr", "title_en", "credit", "source", "original_filename"]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    fields = [
        "preview",
        "title",
        "alt",
        "caption",
        "credit",
        "source",
        "usage_rights",
        ("focal_x", "focal_y"),
        "details",
        "used_in",
    ]
    readonly_fields = ["preview", "details", "used_in"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("uploaded_by").annotate(n_articles=Count("articles"))
        )

    def get_search_results(self, request, queryset, search_term):
        """Also finds a photo by the headline of an article that uses it ("used in")."""
        results, _duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            used = Image.objects.filter(articles__headline_ar__icontains=search_term.strip()).values("pk")
            results = queryset.filter(Q(pk__in=results.values("pk")) | Q(pk__in=used))
        return results, False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("chooser/", wrap(chooser.choose), name="images_image_chooser"),
            path("chooser/upload/", wrap(chooser.upload), name="images_image_chooser_upload"),
            *super().get_urls(),
        ]

    @admin.display(description=_("معاينة"))
    def thumbnail(self, image):
        data = renditions.picture(image)
        if not data:
            return "—"
        src = (image.renditions.get("jpeg") or [{"url": data["src"]}])[0]["url"]
        return format_html('<img src="{}" alt="" width="96" loading="lazy" class="image-thumbnail">', src)

    @admin.display(description=_("معاينة"))
    def preview(self, image):
        if not image.pk:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-inline-size: 32rem">', image.original_url(), image.alt
        )

    @admin.display(description=_("الأبعاد"))
    def dimensions(self, image):
        return f"{image.width}×{image.height}"

    @admin.display(description=_("مستعملة في"), ordering="n_articles")
    def usage_count(self, image):
        return image.n_articles

    @admin.display(description=_("الملف"))
    def details(self, image):
        return format_html(
            "{} · {}×{} · {} KB",
            image.original_filename or "—",
            image.width,
            image.height,
            round(image.file_size / 1024),
        )

    @admin.display(description=_("مستعملة في"))
    def used_in(self, image):
        if not image.pk:
            return "—"
        articles = image.articles.order_by("-id")[:50]
        if not articles:
            return _("لا يستعملها أي مقال.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}" dir="auto">{}</a> ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[a.pk]),
                        a.headline,
                        a.get_status_display(),
                    )
                    for a in articles
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        save_image(obj)

    def delete_model(self, request, obj):
        delete_images([obj])

    def delete_queryset(self, request, queryset):
        delete_images(queryset)

    def add_view(self, request, form_url="", extra_context=None):
        """Several files at once (or the camera): each checked; one bad file and nothing is stored."""
        if not self.has_add_permission(request):
            return super().add_view(request, form_url, extra_context)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    images = [
                        upload_image(
                            upload,
                            by=request.user,
                            title=form.cleaned_data["title"],
                            **form.fields_for_images(),
                        )
                        for upload in form.uploads()
                    ]
            except ValidationError as error:
                form.add_error(None, error)
            else:
                count = len(images)
                if IS_POPUP_VAR in request.POST and count == 1:
                    return self.response_add(
                        request, images[0]
                    )  # the article form's "+" beside its lead image
                self.message_user(
                    request,
                    ngettext("أضيفت صورة واحدة إلى المكتبة.", "أضيفت %(count)d صور إلى المكتبة.", count)
                    % {"count": count},
                    messages.SUCCESS,
                )
                if count == 1:
                    return redirect("admin:images_image_change", images[0].pk)
                return redirect("admin:images_image_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("إضافة صور إلى المكتبة"),
            "form": form,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "is_popup_var": IS_POPUP_VAR,
            "to_field": request.POST.get(TO_FIELD_VAR) or request.GET.get(TO_FIELD_VAR),
            "to_field_var": TO_FIELD_VAR,
            "opts": self.opts,
            "media": self.media + form.media,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/images/image/upload.html", context)
