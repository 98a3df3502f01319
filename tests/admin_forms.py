"""Submit an admin change form the way a browser would: every field as it was rendered."""

from django.db.models import Model
from django.db.models.fields.files import FieldFile


def _encode(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _add_fields(data, form):
    for field in form:
        value = field.value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        data[field.html_name] = "on" if value is True else _encode(value)


def admin_form_data(response, **changes):
    """The POST data of the admin change form in `response`, with `changes` applied."""
    data = {}
    _add_fields(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        _add_fields(data, inline.formset.management_form)
        for form in inline.formset.forms:
            _add_fields(data, form)
    data.update(changes)
    return data
