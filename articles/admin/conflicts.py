"""Edit conflicts: the admin form remembers the version it was loaded with and refuses a stale save.

The refusal is a form error, so the admin shows the form again with everything the user typed,
plus, field by field, what is saved now and what they wrote. The hidden version is moved on to
the current one, so saving again (after merging by hand) goes through.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from ..sanitize import sanitize_html


class VersionCheckForm(forms.Form):
    """Mixed into the article admin form (see `ArticleAdmin.get_form`)."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = []
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        # Until `_post_clean()`, `self.instance` still holds what is in the database now.
        if self.instance.pk and loaded is not None and loaded != self.instance.version:
            self.conflicts = differences(self, cleaned_data)
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = self.instance.version
            self.data = data
            raise ValidationError(
                _(
                    "عدّل شخص آخر هذا المقال بعد أن فتحته، فلم يُحفظ تعديلك. نصّك باقٍ في النموذج "
                    "أدناه؛ قارن الفروق ثم احفظ مجددًا."
                ),
                code="edit_conflict",
            )
        return cleaned_data


def differences(form, cleaned_data):
    """(label, saved now, yours) for each form field whose saved value differs from the submitted one."""
    rows = []
    model_fields = {field.name: field for field in form.instance._meta.get_fields() if field.concrete}
    for name, yours in cleaned_data.items():
        field = model_fields.get(name)
        if field is None or isinstance(field, models.FileField):
            continue
        theirs = field.value_from_object(form.instance)
        if _comparable(name, field, theirs) != _comparable(name, field, yours, submitted=True):
            rows.append((form.fields[name].label or name, _display(field, theirs), _display(field, yours)))
    return rows


def _comparable(name, field, value, *, submitted=False):
    if field.many_to_many:
        return sorted(item.pk for item in value or ())
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        if submitted and name.startswith("body"):
            value = sanitize_html(value).strip()
    return value if value not in (None, "") else ""


def _display(field, value):
    if field.many_to_many:
        return "، ".join(str(item) for item in value or ()) or "—"
    if isinstance(value, str):
        return strip_tags(value).strip() or "—"
    return "—" if value in (None, "") else str(value)
