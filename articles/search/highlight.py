"""Show readers the words they searched for, in the text exactly as it was written.

The index holds normalised text, so PostgreSQL's ts_headline would show that copy. Instead each
displayed word is put through the same normalisation and compared, by stem, with the query terms.
"""

import re
from functools import cache, lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsroom.arabic import normalize

from .query import parse_query
from .terms import html_to_text, search_key

# A displayed word, with its diacritics, tatweel and joiners (which `\w` alone would split on).
WORD_RE = re.compile(r"[\w\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200c\u200d]+")
SNIPPET_WORDS = 36
SNIPPET_LEAD_IN = 8


@cache
def _stemmers():
    return [snowballstemmer.stemmer(name) for name in ("arabic", "french", "english")]


# Bounded: the words of every text ever shown would otherwise stay in each worker's memory.
WORDS_REMEMBERED = 32768


@lru_cache(maxsize=WORDS_REMEMBERED)
def stems(key):
    return frozenset([key, *(stemmer.stemWord(key) for stemmer in _stemmers())])


@lru_cache(maxsize=WORDS_REMEMBERED)
def word_stems(word):
    """The stems a displayed word matches under (none for a stop word). Remembered: the same
    words recur in every result, and folding each one again was most of a search page's time."""
    key = search_key(normalize(word).replace(" ", ""))
    return stems(key) if key else frozenset()


def query_stems(q):
    return frozenset().union(*(stems(term) for term in parse_query(q).positive_terms))


def _matches(word, wanted):
    return not word_stems(word).isdisjoint(wanted)


def _render(pieces, wanted):
    out = []
    for piece in pieces:
        if WORD_RE.fullmatch(piece) and _matches(piece, wanted):
            out.append(f"<mark>{escape(piece)}</mark>")
        else:
            out.append(escape(piece))
    return "".join(out)


def highlight(text, q):
    """`text` escaped, with the words matching `q` in <mark>."""
    wanted = query_stems(q)
    return mark_safe(_render(re.split(f"({WORD_RE.pattern})", text or ""), wanted))


def snippet(text, q, *, html_input=True, require_match=False):
    """About SNIPPET_WORDS words of `text` around the first match, escaped and highlighted
    ("" when nothing matches and `require_match` is set)."""
    if html_input:
        text = html_to_text(text)
    pieces = re.split(f"({WORD_RE.pattern})", " ".join((text or "").split()))
    words = [i for i, piece in enumerate(pieces) if WORD_RE.fullmatch(piece)]
    wanted = query_stems(q)
    first = next((n for n, i in enumerate(words) if _matches(pieces[i], wanted)), None)
    if not words or (first is None and require_match):
        return ""
    first = first or 0
    start = max(0, first - SNIPPET_LEAD_IN)
    end = min(len(words), start + SNIPPET_WORDS)
    begin_at = 0 if start == 0 else words[start]
    end_at = len(pieces) if end == len(words) else words[end - 1] + 1
    body = _render(pieces[begin_at:end_at], wanted)
    return mark_safe(("… " if start else "") + body + (" …" if end < len(words) else ""))


def article_snippet(article, q):
    """The extract a result shows: from the lead or the body, in the page's language or else in
    Arabic, wherever the query's words are; the start of the lead when they are nowhere."""
    texts = [t for t in (article.lead, article.body, article.lead_ar, article.body_ar) if t]
    for text in texts:
        if extract := snippet(text, q, require_match=True):
            return extract
    return snippet(texts[0], q) if texts else ""
