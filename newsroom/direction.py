"""Each admin input in the direction of the language it holds, whatever the interface language."""

from django.db import models

LTR_LANGUAGES = ("fr", "en")


class ContentDirectionMixin:
    """For ModelAdmins and inlines: `*_ar` inputs are right to left, `*_fr`/`*_en` left to right;
    e-mail, URL and IP inputs stay left to right; anything else follows its content (`dir="auto"`)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is None or not hasattr(field.widget, "attrs"):
            return field
        name = db_field.name
        if name.endswith("_ar"):
            field.widget.attrs.update(dir="rtl", lang="ar")
        elif name.endswith(tuple(f"_{code}" for code in LTR_LANGUAGES)):
            field.widget.attrs.update(dir="ltr", lang=name.rsplit("_", 1)[1])
        elif isinstance(db_field, models.EmailField | models.URLField | models.GenericIPAddressField):
            field.widget.attrs.update(dir="ltr")
        elif isinstance(db_field, models.CharField | models.TextField):
            field.widget.attrs.setdefault("dir", "auto")
        return field
