"""Index terms: one reduction for what is indexed and what readers type.

A word is folded (`newsroom.arabic.normalize`), loses an attached prefix and is dropped when it
is a stop word. PostgreSQL then stems the result with its `arabic`/`french`/`english`
configurations; SQLite matches it word-prefix by word-prefix.
"""

import html
import re
from functools import cache
from pathlib import Path

from django.utils.html import strip_tags

from newsroom.arabic import normalize

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Attached prefixes (conjunction, preposition, article), longest first. A prefix is removed only
# when at least MIN_STEM_CHARS letters remain, so «فاس», «بحر» or «لغة» stay whole.
PREFIXES = (
    "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
    "و", "ف", "ب", "ك", "ل",
)  # fmt: skip
MIN_STEM_CHARS = 3


def strip_prefix(word):
    """«والرقمنه» → «رقمنه», «بدمج» → «دمج»; short words are left alone."""
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM_CHARS:
            return word[len(prefix) :]
    return word


@cache
def stop_words():
    """Arabic (stopwords-iso) and French (Snowball) stop words, normalised like everything else."""
    words = set()
    for name in ("stopwords_ar.txt", "stopwords_fr.txt"):
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
            words.update(normalize(line.split("|")[0]).split())
    return frozenset(words)


def search_key(word):
    """The form a normalised word is indexed and queried under, or "" for a stop word."""
    stop = stop_words()
    if word in stop:
        return ""
    key = strip_prefix(word)
    return "" if key in stop else key


def index_terms(text):
    """The searchable words of `text`, in order, as stored and as queried."""
    return [key for key in map(search_key, normalize(text).split()) if key]


_BLOCK_END_RE = re.compile(r"<(?:br|/p|/h\d|/li|/blockquote|/figcaption|/td|/div)\b[^>]*>", re.IGNORECASE)


def html_to_text(value):
    """Plain text of sanitised HTML; block ends become spaces so paragraphs never glue words."""
    return " ".join(html.unescape(strip_tags(_BLOCK_END_RE.sub(" ", value or ""))).split())


def document_text(*parts, html_input=False):
    """The index terms of every part, space separated: one stored text of the search document."""
    texts = (html_to_text(p) if html_input else p for p in parts if p)
    return " ".join(" ".join(index_terms(t)) for t in texts).strip()
