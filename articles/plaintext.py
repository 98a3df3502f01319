"""Readable text out of the sanitised body HTML, for diffs and copy checks."""

import re
from html import unescape

from django.utils.html import strip_tags

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|pre|div)>|<br\s*/?>", re.IGNORECASE)


def html_paragraphs(html):
    """The non-empty paragraphs of `html` as plain text, entities decoded."""
    text = unescape(strip_tags(BLOCK_END.sub("\n", html or "")))
    return [line.strip() for line in text.split("\n") if line.strip()]
