"""Run a parsed query: PostgreSQL full text over the search document's vector, or a LIKE fallback
on SQLite; and `SearchResults`, the one entry point of /search/ and /articles/?q=.

Both backends read the same normalised text, so a query finds the same articles on either
database; only the ranking differs (ts_rank with weights and a recency boost, or weighted counts).
The models are reached through the queryset and its `search_document` relation, so this module
never imports them (`articles.models` uses it for `ArticleQuerySet.search`).
"""

import json
from collections.abc import Sequence
from contextlib import contextmanager
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, transaction
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Length, Replace
from django.utils import timezone

from .query import parse_query

TEXT_SEARCH_CONFIGS = {"ar": "arabic", "fr": "french", "en": "english"}
EXACT_CONFIG = "simple"  # the unstemmed headline words (see `document.EXACT_CONFIG`)
RECENCY_BOOST = 0.5  # a fresh article weighs up to 1.5 times an old one with the same text score
RECENCY_DAYS = 30  # the boost halves after this many days
FALLBACK_WEIGHTS = {"headline": 8, "summary": 4, "body": 2, "places": 1}  # as PostgreSQL's A B C D
MAX_RESULTS = 200  # 20 pages of 10
DENSE_SHARE = 0.05  # a query matching more of the archive than this walks the date index
DOCUMENT = "search_document"


def search_queryset(queryset, q):
    """`queryset` narrowed to articles matching `q` and ordered best first (`search_rank`).

    Apply other filters (region, tag, date) before this: the newest MAX_RESULTS matches of the
    queryset given are the candidates.
    """
    parsed = parse_query(q)
    if not parsed:
        return queryset.none()
    matches, rank = _search(queryset, parsed)
    # Only the newest MAX_RESULTS matches are ranked and returned: a word found in half the archive
    # would otherwise make every request read and score thousands of rows (docs/performance.md).
    newest = matches.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
    return (
        queryset.filter(pk__in=newest)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )


def newest_matching_ids(queryset, q):
    """The ids of the MAX_RESULTS most recently created articles of `queryset` matching `q`, newest
    first and unranked, under the same plan steering as the readers' search: for lists that order
    the matches themselves (the admin's desk). The primary key orders them, as drafts have no
    publication date: walking the date index would first read every undated row."""
    parsed = parse_query(q)
    if not parsed:
        return []
    with _plan_for(queryset, q):
        matches, _ = _search(queryset, parsed)
        return list(matches.order_by("-pk").values_list("pk", flat=True)[:MAX_RESULTS])


def _search(queryset, parsed):
    """(the matching articles of `queryset`, their rank expression) on the queryset's database."""
    if connections[queryset.db].vendor == "postgresql":
        return _postgres_search(queryset, parsed)
    return _fallback_search(queryset, parsed)


def match_query(parsed):
    return reduce(or_, (_group_query(positive, excluded) for positive, excluded in parsed.websearch_groups()))


def _postgres_search(queryset, parsed):
    query = match_query(parsed)
    age_days = Func(
        Value(timezone.now()) - F("published_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        output_field=FloatField(),
    )
    recency = 1.0 + RECENCY_BOOST / (1.0 + Greatest(Coalesce(age_days, 3650.0), 0.0) / RECENCY_DAYS)
    # Ranked on the small vector (all but the body): body-only matches follow by date.
    rank = SearchRank(F(f"{DOCUMENT}__rank_vector"), query) * recency
    return queryset.filter(**{f"{DOCUMENT}__vector": query}), rank


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
    counts = [
        _occurrences(f"{DOCUMENT}__{part}", term) * weight
        for part, weight in FALLBACK_WEIGHTS.items()
        for term in terms
    ]
    # One flat sum: nested "((a + b) + c)" overflows SQLite's parser stack at a few dozen terms.
    score = Func(*counts, arg_joiner=" + ", template="(%(expressions)s)", output_field=FloatField())
    return queryset.filter(condition), score


def _contains_phrase(text):
    """A word (or phrase) starting at a word boundary in any part of the document."""
    conditions = (
        Q(**{f"{DOCUMENT}__{part}__startswith": text}) | Q(**{f"{DOCUMENT}__{part}__contains": f" {text}"})
        for part in FALLBACK_WEIGHTS
    )
    return reduce(or_, conditions)


def _occurrences(column, term):
    removed = Length(column) - Length(Replace(F(column), Value(term), Value("")))
    return Cast(removed, FloatField()) / float(len(term))


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
    documents = queryset.model._meta.get_field(DOCUMENT).related_model
    plan = documents.objects.using(queryset.db).filter(vector=match_query(parsed)).explain(format="json")
    estimate = json.loads(plan)[0]["Plan"]["Plan Rows"]
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        # SET LOCAL both settings in one statement, the one to avoid chosen from the table's size.
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true),"
            " set_config(CASE WHEN %s / GREATEST(reltuples, 1) > %s"
            " THEN 'enable_bitmapscan' ELSE 'enable_indexscan' END, 'off', true)"
            " FROM pg_class WHERE oid = %s::regclass",
            [estimate, DENSE_SHARE, documents._meta.db_table],
        )
        yield


class SearchResults(Sequence):
    """The ranked matches of `q` within `queryset`, for a Paginator.

    The matching runs once, under the plan steering, and gives at most MAX_RESULTS ranked ids; a
    page then loads only its own articles from `queryset` (with whatever it selects and
    prefetches), in rank order. /search/ and the `q` filter of /articles/ both page through this.
    """

    def __init__(self, queryset, q):
        self.queryset = queryset
        self.q = q
        self._ids = None

    @property
    def ids(self):
        if self._ids is None:
            with _plan_for(self.queryset, self.q):
                self._ids = list(self.queryset.search(self.q).values_list("pk", flat=True))
        return self._ids

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        found = {article.pk: article for article in self.queryset.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]
