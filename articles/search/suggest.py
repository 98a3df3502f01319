"""«هل تقصد»: a corrected query from similar headline, tag and place words (PostgreSQL only)."""

from difflib import SequenceMatcher

from django.db import connections, transaction

from newsroom.arabic import normalize

from .query import MAX_QUERY_CHARS, parse_query
from .terms import search_key

LANGUAGES = ("ar", "fr", "en")
SUGGEST_MIN_SIMILARITY = 0.5  # pg_trgm word similarity, to find candidate rows
SUGGEST_MIN_RATIO = 0.75  # how close the suggested word must be, letter by letter


def suggest(queryset, q):
    """A corrected query built from similar headline and tag words, or None (PostgreSQL only)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    terms = parse_query(q).positive_terms
    replacements = {term: word for term in terms if (word := _closest_word(queryset, term))}
    if not replacements:
        return None
    return " ".join(_replace(word, replacements) for word in q[:MAX_QUERY_CHARS].split())


def _replace(word, replacements):
    """The reader's word, or its correction with the reader's own prefix kept («الموحض» → «الموحد»)."""
    normal = normalize(word)
    key = search_key(normal)
    if key not in replacements:
        return word
    return normal[: len(normal) - len(key)] + replacements[key]


def _closest_word(queryset, term):
    if len(term) < 3 or term.isdigit():
        return None
    with transaction.atomic(using=queryset.db):
        with connections[queryset.db].cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [SUGGEST_MIN_SIMILARITY])
        # Any 20 rows holding a similar word will do (the closest word is picked below): ordering
        # them by similarity would score every row that has one, thousands for a common word.
        rows = list(
            queryset.filter(search_document__words__trigram_word_similar=term)
            .order_by()
            .values_list("search_document__words", *(f"headline_{lang}" for lang in LANGUAGES))[:20]
        )
    candidates = {word for row in rows for word in row[0].split()}
    if term in candidates or not candidates:
        return None
    best = max(candidates, key=lambda word: SequenceMatcher(None, term, word).ratio())
    if SequenceMatcher(None, term, best).ratio() < SUGGEST_MIN_RATIO:
        return None
    return _display_form(best, [text for row in rows for text in row[1:] if text])


def _display_form(key, headlines):
    """The word as readers write it (hamza, taa marbuta) when a headline has it, else `key` itself."""
    for headline in headlines:
        for word in headline.split():
            clean = "".join(c for c in word if c.isalnum() and c != "ـ")
            if search_key(normalize(clean)) == key and len(clean) >= len(key):
                return clean[len(clean) - len(key) :]  # without the attached prefix
    return key
