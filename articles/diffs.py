"""Word-level differences between two revision snapshots, as escaped HTML with <ins> and <del>."""

import re
from difflib import SequenceMatcher

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import Article
from .plaintext import html_paragraphs
from .revisions import PLAIN_FIELDS, translated_fields

PARAGRAPH = "\n"


def tokens(text):
    """Words, with paragraph breaks kept as tokens of their own."""
    return re.findall(r"\n|[^\s]+", text or "")


def _render(words, sep=" "):
    return sep.join("<br>" if word == PARAGRAPH else escape(word) for word in words)


def diff_tokens(old, new, sep=" "):
    """HTML of `new` against `old`: removed runs in <del>, added runs in <ins>, all text escaped."""
    parts = []
    # autojunk off: in Arabic, «في» and «من» are frequent enough to be treated as junk otherwise.
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(_render(new[j1:j2], sep))
            continue
        if i2 > i1:
            parts.append(f"<del>{_render(old[i1:i2], sep)}</del>")
        if j2 > j1:
            parts.append(f"<ins>{_render(new[j1:j2], sep)}</ins>")
    return mark_safe(sep.join(parts))


def _field_text(name, value):
    return PARAGRAPH.join(html_paragraphs(value)) if name.startswith("body_") else value


def _row(label, language, old, new, sep=" "):
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return {
        "label": label,
        "language": language,
        "dir": direction,
        "changed": old != new,
        "html": diff_tokens(old, new, sep),
    }


def _names(items):
    return [item["name"] for item in items]


def compare(old, new):
    """One row per content field present in either snapshot, in form order."""
    rows = []
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    old_fields, new_fields = old.get("fields", {}), new.get("fields", {})
    for name in translated_fields():
        label = Article._meta.get_field(name).verbose_name
        for lang in settings.MODELTRANSLATION_LANGUAGES:
            key = f"{name}_{lang}"
            before = _field_text(key, old_fields.get(key, ""))
            after = _field_text(key, new_fields.get(key, ""))
            if before or after:
                rows.append(_row(f"{label} [{lang}]", lang, tokens(before), tokens(after)))
    for name in PLAIN_FIELDS:
        before, after = old_fields.get(name, ""), new_fields.get(name, "")
        if before or after:
            rows.append(
                _row(Article._meta.get_field(name).verbose_name, default, tokens(before), tokens(after))
            )
    region = [[old["region"]] if old.get("region") else [], [new["region"]] if new.get("region") else []]
    for label, before, after in [
        (_("المنطقة"), *region),
        (_("الوسوم"), old.get("tags", []), new.get("tags", [])),
        (_("الكتّاب بترتيب التوقيع"), old.get("authors", []), new.get("authors", [])),
    ]:
        if before or after:
            rows.append(_row(label, default, _names(before), _names(after), sep="، "))
    return rows
