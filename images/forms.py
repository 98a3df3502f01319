"""The library's upload form: several files at once, or a photo straight from a phone's camera."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsroom.uploads import ACCEPT, clean_image


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """A list of uploads, each checked by `clean_image`; every refusal is reported, by file name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        errors = []
        for upload in uploads:
            try:
                clean_image(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
            upload.seek(0)
        if errors:
            raise ValidationError(errors)
        return uploads


class UploadForm(forms.Form):
    files = MultipleImageField(
        label=_("الصور"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}),
        help_text=_("اختر صورة أو عدة صور (JPEG أو PNG أو WebP)."),
    )
    camera = MultipleImageField(
        label=_("من كاميرا الهاتف"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    title = forms.CharField(
        label=_("العنوان"), max_length=255, required=False, help_text=_("فارغاً: اسم الملف.")
    )
    credit = forms.CharField(label=_("المصور أو المصدر"), max_length=150, required=False)
    source = forms.CharField(label=_("مصدر الملف"), max_length=300, required=False)
    usage_rights = forms.CharField(label=_("حقوق الاستعمال"), required=False, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("files") or data.get("camera")):
            raise ValidationError(_("اختر صورة واحدة على الأقل."), code="empty")
        return data

    def uploads(self):
        return [*self.cleaned_data.get("files", []), *self.cleaned_data.get("camera", [])]

    def fields_for_images(self):
        return {name: self.cleaned_data[name] for name in ("credit", "source", "usage_rights")}
