"""A frozen copy of the search normalisation, for the migrations that fill search documents.

Migrations must keep running whatever happens to the live code (`newsroom/arabic.py`,
`articles/search/`), so the few functions they need are copied here as they were when those
migrations were written. Never change them: a new rule belongs in the live code, and
`manage.py rebuild_search_index` applies it to the stored documents. The module's name starts with
an underscore, so Django's migration loader does not take it for a migration.
"""

import html
import re
import unicodedata
from functools import cache
from pathlib import Path

from django.utils.html import strip_tags

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANGUAGES = ("ar", "fr", "en")
TEXT_SEARCH_CONFIGS = {"ar": "arabic", "fr": "french", "en": "english"}
EXACT_CONFIG = "simple"
SEARCH_WEIGHTS = {"headline": "A", "summary": "B", "body": "C", "places": "D"}
MAX_WORD_CHARS = 40

CHARACTER_MAP = {
    0x0640: None,
    **{code: None for code in range(0x064B, 0x0660)},
    0x0670: None,
    **{code: None for code in range(0x06D6, 0x06EE)},
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ک"): "ك",
    ord("ة"): "ه",
    ord("ؤ"): "ء",
    ord("ئ"): "ء",
    **{ord(d): str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
    **{ord(d): str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    **{ord(c): None for c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"},
    **{code: None for code in range(0x202A, 0x202F)},
    **{code: None for code in range(0x2066, 0x206A)},
}
PREFIXES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال", "و", "ف", "ب", "ك", "ل")
MIN_STEM_CHARS = 3
_WORD_RE = re.compile(r"\w+")
_BLOCK_END_RE = re.compile(r"<(?:br|/p|/h\d|/li|/blockquote|/figcaption|/td|/div)\b[^>]*>", re.IGNORECASE)


def normalize(text):
    text = unicodedata.normalize("NFKC", text or "").translate(CHARACTER_MAP)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(w[:MAX_WORD_CHARS] for w in _WORD_RE.findall(text.casefold().replace("_", " ")))


def strip_prefix(word):
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM_CHARS:
            return word[len(prefix) :]
    return word


@cache
def stop_words():
    words = set()
    for name in ("stopwords_ar.txt", "stopwords_fr.txt"):
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
            words.update(normalize(line.split("|")[0]).split())
    return frozenset(words)


def search_key(word):
    if word in stop_words():
        return ""
    key = strip_prefix(word)
    return "" if key in stop_words() else key


def document_text(*parts, html_input=False):
    def plain(value):
        return " ".join(html.unescape(strip_tags(_BLOCK_END_RE.sub(" ", value or ""))).split())

    texts = (plain(p) if html_input else p for p in parts if p)
    return " ".join(" ".join(k for k in map(search_key, normalize(t).split()) if k) for t in texts).strip()


def document_parts(article, tags, places):
    """{language: {part: normalised text}}, and the distinct suggestion words."""
    parts, words = {}, []
    for lang in LANGUAGES:

        def text(obj, name, lang=lang):
            return getattr(obj, f"{name}_{lang}", "") or ""

        tag_names = [text(tag, "name") for tag in tags]
        parts[lang] = {
            "headline": document_text(text(article, "headline")),
            "summary": document_text(text(article, "kicker"), text(article, "lead"), *tag_names),
            "body": document_text(text(article, "body"), text(article, "image_caption"), html_input=True),
            "places": document_text(
                *(text(place, "name") for place in places),
                *(place.alt_names for place in places if lang == "ar"),
            ),
        }
        words += [parts[lang]["headline"], *map(document_text, tag_names), parts[lang]["places"]]
    return parts, " ".join(dict.fromkeys(" ".join(words).split()))


def places_of(article, regions):
    """The article's region and the divisions above it, most specific first, from `regions` by code."""
    if not article.region_id:
        return []
    parts = article.region.code.split(".")
    codes = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return [regions[code] for code in codes if code in regions]
