import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media, Script

from ..sanitize import EDITOR_EXTENSIONS, foreign_images, sanitize_html

# What an emptied editor leaves behind: stored as an empty body, so "no French version" stays false-y.
EMPTY_HTML = re.compile(r"(\s|<p>(\s|<br>)*</p>)*")


class RichTextWidget(AdminProseEditorWidget):
    """The prose editor, laid out in the direction of the language it edits.

    The editor builds its editing area next to the textarea, so a wrapper carrying the textarea's
    `dir` and `lang` turns the Arabic body right to left and the French and English ones left to
    right, whatever the admin's own direction.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs, config={"extensions": EDITOR_EXTENSIONS}, preset="configurable")

    @property
    def media(self):
        return super().media + Media(
            css={"all": ["articles/admin/rich_text.css"]},
            js=[Script("articles/admin/writing.js", type="module")],
        )

    def render(self, name, value, attrs=None, renderer=None):
        wrapper = {"class": "rich-text", "dir": self.attrs.get("dir", "auto"), "lang": self.attrs.get("lang")}
        return format_html("<div{}>{}</div>", flatatt(wrapper), super().render(name, value, attrs, renderer))


class RichTextField(forms.CharField):
    """Rich text cleaned with the same allowlist as `Article.save()`.

    Cleaning in the form too means a journalist sent back to fix another field already sees
    what will be stored.
    """

    def __init__(self, **kwargs):
        kwargs["widget"] = RichTextWidget
        super().__init__(**kwargs)

    def clean(self, value):
        raw = super().clean(value)
        self.dropped_images = foreign_images(raw)
        html = sanitize_html(raw)
        return "" if EMPTY_HTML.fullmatch(html) else html

    def bound_data(self, data, initial):
        # What a re-displayed form shows after an error elsewhere.
        return sanitize_html(data)


class ArticleAdminForm(forms.ModelForm):
    """The fields that need more than the default: rich text.

    `ArticleAdmin` supplies the model and, from its fieldsets, the fields.
    """

    def dropped_images(self):
        """Pictures pasted from elsewhere that cleaning removed (only library images are kept)."""
        return [src for field in self.fields.values() for src in getattr(field, "dropped_images", [])]

    class Meta:
        field_classes = {
            "body_ar": RichTextField,
            "body_fr": RichTextField,
            "body_en": RichTextField,
        }
