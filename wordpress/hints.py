"""Markers left by the shortcode and block passes for the tree pass that resolves media.

`[caption]`, `[gallery]`, `[embed]`, image/gallery/embed blocks and bare embed URLs all become a
`<figure data-wp-hint="NONCE" data-wp-kind="…">` with what is known (attachment id, size,
alignment, URL). The nonce is drawn per conversion, so markup already in a post can never pass for
a marker: the tree pass trusts only figures carrying this conversion's nonce, and strips every
other data-* attribute.
"""

import secrets

from .html import escape_attr, escape_text, start_tag

HINT = "data-wp-hint"


class Hints:
    def __init__(self):
        self.nonce = secrets.token_hex(8)

    def figure(self, kind, inner="", **values):
        """A marker figure; `values` become data-wp-* attributes (None values are left out)."""
        attrs = {HINT: self.nonce, "data-wp-kind": kind}
        attrs.update({f"data-wp-{name}": value for name, value in values.items() if value not in (None, "")})
        return f"{start_tag('figure', attrs)}{inner}</figure>"

    def image(self, url=None, attachment_id=None):
        """A gallery member: an <img> that may have only an attachment id."""
        attrs = {HINT: self.nonce, "src": url, "data-wp-id": attachment_id}
        return start_tag("img", attrs)

    def trusted(self, element):
        return element.get(HINT) == self.nonce

    def value(self, element, name):
        """A data-wp-* value of a trusted element, else None."""
        return element.get(f"data-wp-{name}") if self.trusted(element) else None


def caption_markup(caption_html):
    return f"<figcaption>{caption_html}</figcaption>" if caption_html and caption_html.strip() else ""


def link_markup(url):
    return f'<p><a href="{escape_attr(url)}">{escape_text(url)}</a></p>'
