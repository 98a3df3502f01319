"""Read an admin page's form as the browser would submit it, so tests post real admin forms.

Taking the fields from the rendered page (management forms of the inlines included) keeps the
tests honest when fields are added: only what a test changes is spelt out.
"""

from html.parser import HTMLParser

from django.db.models import Model
from django.db.models.fields.files import FieldFile


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.inputs = {}  # name -> attributes of the input, textarea or select
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if "__prefix__" in attrs.get("name", ""):
            return  # an inline's empty-form template, which the browser never sends filled in
        if tag == "input":
            self.inputs[attrs["name"]] = attrs
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.setdefault(attrs["name"], []).append(attrs.get("value", "on"))
                return
            self.data.setdefault(attrs["name"], []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self.inputs[attrs["name"]] = attrs
            self._textarea = attrs["name"]
            self.data[self._textarea] = [""]
        elif tag == "select":
            self.inputs[attrs["name"]] = attrs
            self._select = attrs["name"]
            self.data.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += (
                data.removeprefix("\n") if not self.data[self._textarea][0] else data
            )


def read_form(response, form_id):
    """Return (data, inputs): the values the form would send, and each control's attributes."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    return data, reader.inputs


def form_data(response, form_id="article_form"):
    """The values the form `form_id` in `response` would send, ready to change and post back."""
    return read_form(response, form_id)[0]


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
