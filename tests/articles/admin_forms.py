"""Read an admin change form the way a browser would submit it, so tests can post it back."""

from collections import defaultdict
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "file", "image", "reset"}


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = defaultdict(list)
        self.textarea = self.select = None
        self.select_multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        name = attrs.get("name", "")
        if not self.inside or not name or "__prefix__" in name:
            return
        if tag == "input" and attrs.get("type", "text") not in SKIPPED_INPUTS:
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data[name].append(attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = name
            self.data[name].append("")
        elif tag == "select":
            self.select = name
            self.data.setdefault(name, [])

    def handle_data(self, data):
        if self.textarea:
            # Browsers drop the newline that starts a textarea's content.
            value = self.data[self.textarea][-1] + data
            self.data[self.textarea][-1] = value.removeprefix("\n")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_data(html, form_id="article_form"):
    """{name: [values]} for the successful controls of the form `form_id` in `html`."""
    reader = _FormReader(form_id)
    reader.feed(html)
    return dict(reader.data)
