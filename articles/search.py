"""Search text: one normalisation for what is indexed and what readers type.

The reader's text is never changed: `Article.save()` stores a normalised copy (`search_*` columns)
built with `document_text()`, and queries go through `parse_query()`, which applies the very same
steps. PostgreSQL then stems that normalised text with its `arabic`/`french`/`english`
configurations; SQLite matches it word-prefix by word-prefix.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.html import strip_tags

DATA_DIR = Path(__file__).resolve().parent / "data"

MAX_QUERY_CHARS = 200  # longer input is cut: no reader types more, and it bounds the query plan
MAX_QUERY_TERMS = 8
MAX_WORD_CHARS = 40  # longer "words" are noise (URLs, keyboard mashing); PostgreSQL caps at 2 KB
LANGUAGES = ("ar", "fr", "en")
TEXT_SEARCH_CONFIGS = {"ar": "arabic", "fr": "french", "en": "english"}
# Headlines are also indexed unstemmed ('simple'), so an exact word outranks a word that merely
# shares its stem («الدوري», the league, and «الدور», a role, are both 'دور' to Snowball).
EXACT_CONFIG = "simple"
SEARCH_WEIGHTS = {"headline": "A", "summary": "B", "body": "C", "places": "D"}  # PostgreSQL's setweight
SEARCH_COLUMNS = [f"search_{part}_{lang}" for lang in LANGUAGES for part in SEARCH_WEIGHTS]
_SOURCES = ("headline", "kicker", "lead", "body", "image_caption")
# Saving any of these (or all fields) recomputes the document; a status-only save does not.
SEARCH_SOURCE_FIELDS = frozenset(
    [*_SOURCES, *(f"{name}_{lang}" for name in _SOURCES for lang in LANGUAGES), "region", "region_id"]
)

_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

# Character rules, one per line, so the table-driven tests can name each of them.
CHARACTER_MAP = {
    **{ord(c): None for c in "\u0640"},  # tatweel
    **{code: None for code in range(0x064B, 0x0660)},  # tashkeel: fathatan … sukun, and marks up to U+065F
    0x0670: None,  # superscript (dagger) alef
    **{code: None for code in range(0x06D6, 0x06EE)},  # Quranic annotation marks
    **{ord(c): "ا" for c in "أإآٱ"},  # alef forms
    ord("ى"): "ي",  # alef maqsura
    ord("ی"): "ي",  # Persian yeh
    ord("ک"): "ك",  # Persian kaf
    ord("ة"): "ه",  # taa marbuta, for matching only
    # Hamza seats: «مسؤول» and «مسئول» are both written, so every seated hamza becomes a bare one.
    ord("ؤ"): "ء",
    ord("ئ"): "ء",
    **{ord(d): str(i) for i, d in enumerate(_ARABIC_INDIC_DIGITS)},
    **{ord(d): str(i) for i, d in enumerate(_PERSIAN_DIGITS)},
    # Bidi controls and zero-width characters: invisible, but they split or glue words.
    **{ord(c): None for c in "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"},
    **{code: None for code in range(0x202A, 0x202F)},
    **{code: None for code in range(0x2066, 0x206A)},
}

# Attached prefixes (conjunction, preposition, article), longest first. A prefix is removed only
# when at least MIN_STEM_CHARS letters remain, so «فاس», «بحر» or «لغة» stay whole.
PREFIXES = (
    "وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال",
    "و", "ف", "ب", "ك", "ل",
)  # fmt: skip
MIN_STEM_CHARS = 3

_WORD_RE = re.compile(r"\w+")


def normalize(text):
    """`text` as normalised words separated by single spaces (no prefix stripping, no stop words)."""
    text = unicodedata.normalize("NFKC", text or "").translate(CHARACTER_MAP)
    # Latin accents go the same way as Arabic marks: «Région» and «region» are one word.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = (w[:MAX_WORD_CHARS] for w in _WORD_RE.findall(text.casefold().replace("_", " ")))
    return " ".join(words)


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
    """One stored search column: the index terms of every part, space separated."""
    texts = (html_to_text(p) if html_input else p for p in parts if p)
    return " ".join(" ".join(index_terms(t)) for t in texts).strip()


# --- Queries ----------------------------------------------------------------------------------


@dataclass
class Clause:
    """One word or "phrase" of a query, already reduced to index terms."""

    terms: list
    negated: bool = False


@dataclass
class ParsedQuery:
    """Clauses in OR groups: any group may match, every positive clause of a group must."""

    groups: list = field(default_factory=list)

    def __bool__(self):
        return any(not c.negated for group in self.groups for c in group)

    @property
    def positive_terms(self):
        return [t for group in self.groups for c in group if not c.negated for t in c.terms]

    def websearch_groups(self):
        """Per OR group, its positive clauses and its excluded ones, as `websearch_to_tsquery` text.

        Exclusions are returned apart so the caller can exclude them under every text-search
        configuration at once (an OR of per-language queries would otherwise let them through).
        """

        def text(clause):
            words = " ".join(clause.terms)
            return f'"{words}"' if len(clause.terms) > 1 else words

        for group in self.groups:
            positive = " ".join(text(c) for c in group if not c.negated)
            excluded = " or ".join(text(c) for c in group if c.negated)
            yield positive, excluded


_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
OR_WORDS = {"or", "او"}


def parse_query(raw):
    """Read what a reader typed; whatever it is, return a bounded, normalised `ParsedQuery`."""
    groups, group, count = [], [], 0
    for match in _TOKEN_RE.finditer((raw or "")[:MAX_QUERY_CHARS]):
        sign, quoted, bare = match.groups()
        if bare is not None and normalize(bare) in OR_WORDS:
            if group:
                groups.append(group)
            group = []
            continue
        negated = sign == "-" or (bare is not None and bare.startswith("-"))
        text = quoted if quoted is not None else bare.lstrip("-")
        terms = index_terms(text)[: MAX_QUERY_TERMS - count]
        if terms:
            group.append(Clause(terms, negated=negated))
            count += len(terms)
        if count >= MAX_QUERY_TERMS:
            break
    if group:
        groups.append(group)
    return ParsedQuery([g for g in groups if any(not c.negated for c in g)])


def filter_queryset(queryset, q):
    """The `q` filter for listings (django-filter's `filter_q`): search within `queryset`."""
    return queryset.search(q)


# --- Documents --------------------------------------------------------------------------------


def search_document(article, tags, places):
    """The stored search columns of `article`: `search_<part>_<lang>`, and `search_words` (the words
    of headlines, tags and places, which «هل تقصد» suggestions are drawn from)."""
    columns, words = {}, []
    for lang in LANGUAGES:

        def text(obj, name, lang=lang):
            return getattr(obj, f"{name}_{lang}", "") or ""

        tag_names = [text(tag, "name") for tag in tags]
        columns[f"search_headline_{lang}"] = document_text(text(article, "headline"))
        columns[f"search_summary_{lang}"] = document_text(
            text(article, "kicker"), text(article, "lead"), *tag_names
        )
        columns[f"search_body_{lang}"] = document_text(
            text(article, "body"), text(article, "image_caption"), html_input=True
        )
        columns[f"search_places_{lang}"] = document_text(
            *(text(place, "name") for place in places),
            *(place.alt_names for place in places if lang == "ar"),
        )
        words += [columns[f"search_headline_{lang}"], *map(document_text, tag_names)]
        words.append(columns[f"search_places_{lang}"])
    columns["search_words"] = " ".join(dict.fromkeys(" ".join(words).split()))
    return columns
