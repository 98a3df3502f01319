"""Run a parsed query: PostgreSQL full-text over `search_vector`, or a LIKE fallback on SQLite.

Both read the same normalised columns, so a query finds the same articles on either database;
only the ranking differs (ts_rank with weights and a recency boost, or weighted match counts).
"""

import json
from contextlib import contextmanager
from difflib import SequenceMatcher
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Length, Replace
from django.utils import timezone

from .search import (
    EXACT_CONFIG,
    LANGUAGES,
    MAX_QUERY_CHARS,
    TEXT_SEARCH_CONFIGS,
    normalize,
    parse_query,
    search_key,
)

RECENCY_BOOST = 0.5  # a fresh article weighs up to 1.5 times an old one with the same text score
RECENCY_DAYS = 30  # the boost halves after this many days
FALLBACK_WEIGHTS = {"headline": 8, "summary": 4, "body": 2, "places": 1}  # as PostgreSQL's A B C D
SUGGEST_MIN_SIMILARITY = 0.5  # pg_trgm word similarity, to find candidate rows
MAX_RESULTS = 200  # 20 pages of 10
SUGGEST_MIN_RATIO = 0.75  # how close the suggested word must be, letter by letter


def search_queryset(queryset, q):
    """`queryset` narrowed to articles matching `q` and ordered best first (`search_rank`).

    Apply other filters (region, tag, date) before this: the newest MAX_RESULTS matches of the
    queryset given are the candidates.
    """
    parsed = parse_query(q)
    if not parsed:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        matches, rank = _postgres_search(queryset, parsed)
    else:
        matches, rank = _fallback_search(queryset, parsed)
    # Only the newest MAX_RESULTS matches are ranked and returned: a word found in half the archive
    # would otherwise make every request read and score thousands of rows (docs/performance.md).
    newest = matches.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
    return (
        queryset.filter(pk__in=newest)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _match_query(parsed):
    return reduce(or_, (_group_query(positive, excluded) for positive, excluded in parsed.websearch_groups()))


def _postgres_search(queryset, parsed):
    query = _match_query(parsed)
    age_days = Func(
        Value(timezone.now()) - F("published_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        output_field=FloatField(),
    )
    recency = 1.0 + RECENCY_BOOST / (1.0 + Greatest(Coalesce(age_days, 3650.0), 0.0) / RECENCY_DAYS)
    # Ranked on the small vector (all but the body): body-only matches follow by date.
    return queryset.filter(search_vector=query), SearchRank(F("search_rank_vector"), query) * recency


def _readings(text):
    """`text` as a query under each configuration that can read it differently.

    Arabic script is stemmed only by `arabic` (the others keep it as is, like `simple`), Latin only
    by `french` and `english`: asking the rest again would only repeat terms and mislead the planner.
    """
    configs = [EXACT_CONFIG]
    if any("\u0600" <= c <= "\u06ff" for c in text):
        configs.append(TEXT_SEARCH_CONFIGS["ar"])
    if any(c.isascii() and c.isalpha() for c in text):
        configs += [TEXT_SEARCH_CONFIGS["fr"], TEXT_SEARCH_CONFIGS["en"]]
    return [SearchQuery(text, config=config, search_type="websearch") for config in configs]


def _group_query(positive, excluded):
    """Any reading of the positive words, and no reading of the excluded ones."""
    query = reduce(or_, _readings(positive))
    return reduce(and_, (~reading for reading in _readings(excluded)), query) if excluded else query


def _fallback_search(queryset, parsed):
    condition = Q(pk__in=[])
    for group in parsed.groups:
        group_condition = Q()
        for clause in group:
            matches = _contains_phrase(" ".join(clause.terms))
            group_condition &= ~matches if clause.negated else matches
        condition |= group_condition
    terms = dict.fromkeys(parsed.positive_terms)
    counts = [_occurrences(column, term) * weight for column, weight in _columns() for term in terms]
    # One flat sum: nested "((a + b) + c)" overflows SQLite's parser stack at a few dozen terms.
    score = Func(*counts, arg_joiner=" + ", template="(%(expressions)s)", output_field=FloatField())
    return queryset.filter(condition), score


def _columns():
    for lang in LANGUAGES:
        for part, weight in FALLBACK_WEIGHTS.items():
            yield f"search_{part}_{lang}", weight


def _contains_phrase(text):
    """A word (or phrase) starting at a word boundary in any search column."""
    conditions = (
        Q(**{f"{col}__startswith": text}) | Q(**{f"{col}__contains": f" {text}"}) for col, _ in _columns()
    )
    return reduce(or_, conditions)


def _occurrences(column, term):
    removed = Length(column) - Length(Replace(F(column), Value(term), Value("")))
    return Cast(removed, FloatField()) / float(len(term))


def search_page(queryset, q, number, per_page=10):
    """One page of `queryset.search(q)`: the ranked ids in one query (at most MAX_RESULTS), then the
    page's articles with their regions, so the matching runs once rather than for count and page."""
    with _plan_for(queryset, q):
        ids = list(queryset.search(q).values_list("pk", flat=True))
    page = Paginator(ids, per_page).get_page(number)
    articles = queryset.model.objects.select_related("region").in_bulk(page.object_list)
    page.object_list = [articles[pk] for pk in page.object_list]
    return page


DENSE_SHARE = 0.05


@contextmanager
def _plan_for(queryset, q):
    """Steer PostgreSQL to the plan that suits how common the query is.

    The planner does not count the cost of reading each row's TOASTed tsvector, so left alone it
    may walk the date index testing row after row for a query that matches 2 % of the archive
    (seconds at 100,000 articles) or read every GIN match of a word found in a third of it. From
    its own estimate of the matches: a rare query goes through the GIN bitmap, a common one walks
    the date index, where the newest matches come first (docs/performance.md).
    """
    parsed = parse_query(q)
    if connections[queryset.db].vendor != "postgresql" or not parsed:
        yield
        return
    model = queryset.model
    plan = model.objects.using(queryset.db).filter(search_vector=_match_query(parsed)).explain(format="json")
    estimate = json.loads(plan)[0]["Plan"]["Plan Rows"]
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        total = max(cursor.fetchone()[0], 1)
        avoid = "enable_bitmapscan" if estimate / total > DENSE_SHARE else "enable_indexscan"
        cursor.execute(f"SET LOCAL enable_seqscan = off; SET LOCAL {avoid} = off")
        yield


# --- «هل تقصد» ---------------------------------------------------------------------------------


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
            queryset.filter(search_words__trigram_word_similar=term)
            .order_by()
            .values_list("search_words", *(f"headline_{lang}" for lang in LANGUAGES))[:20]
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
