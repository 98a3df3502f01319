"""Run a parsed query: PostgreSQL full text over the search document's vector, or a LIKE fallback
on SQLite; and `SearchResults`, the one entry point of /search/ and /articles/?q=.

Both backends read the same normalised text, so a query finds the same articles on either
database; only the ranking differs (ts_rank with weights and a recency boost, or weighted counts).
The models are reached through the queryset and its `search_document` relation, so this module
never imports them (`articles.models` uses it for `ArticleQuerySet.search`).
"""

import hashlib
import json
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, transaction
from django.db.models import BooleanField, F, FloatField, Func, Q, Value
from django.db.models.functions import Cast, Coalesce, Greatest, Length, Replace
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone, translation

from newsroom.pagecache.fragments import remembered

from .query import parse_query

TEXT_SEARCH_CONFIGS = {"ar": "arabic", "fr": "french", "en": "english"}
EXACT_CONFIG = "simple"  # the unstemmed headline words (see `document.EXACT_CONFIG`)
RECENCY_BOOST = 0.5  # a fresh article weighs up to 1.5 times an old one with the same text score
RECENCY_DAYS = 30  # the boost halves after this many days
FALLBACK_WEIGHTS = {"headline": 8, "summary": 4, "body": 2, "places": 1}  # as PostgreSQL's A B C D
MAX_RESULTS = 200  # 20 pages of 10
DENSE_SHARE = 0.05  # a query matching more of the archive than this walks the date index
DOCUMENT = "search_document"


def search_queryset(queryset, q, plan=None):
    """`queryset` narrowed to articles matching `q` and ordered best first (`search_rank`).

    Apply other filters (region, tag, date) before this: the newest MAX_RESULTS matches of the
    queryset given are the candidates. `plan` is what `_plan_for` chose, when it steers the query.
    """
    parsed = parse_query(q)
    if not parsed:
        return queryset.none()
    matches, rank = _search(queryset, parsed, plan)
    # Only the newest MAX_RESULTS matches are ranked and returned: a word found in half the archive
    # would otherwise make every request read and score thousands of rows (docs/performance.md).
    if is_whole_public_archive(queryset):
        # Chosen among the search documents, which keep the publication time of published
        # articles: no article row is read for the thousands of matches of a common word.
        documents = queryset.model._meta.get_field(DOCUMENT).related_model.objects.using(queryset.db)
        candidates, _ = _search(documents.filter(_public_by(timezone.now(), plan)), parsed, plan, document="")
        newest = candidates.order_by("-published_at", "-article_id").values("article_id")[:MAX_RESULTS]
    else:
        newest = matches.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
    return (
        queryset.filter(pk__in=newest)
        .annotate(search_rank=rank)
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _public_by(now, plan):
    """The search documents of articles public at `now`. A rare query reads its few matches
    through the GIN index: there the date is tested in a form no index serves, or PostgreSQL would
    also read the whole date index to intersect it with them."""
    if plan and not plan.dense:
        return LessThanOrEqual(Coalesce(F("published_at"), Value(datetime.max.replace(tzinfo=UTC))), now)
    return Q(published_at__lte=now)


def is_whole_public_archive(queryset):
    """Whether `queryset` holds every article `published()` does: it filters nothing else (it may
    select, prefetch or annotate). Then the search documents alone can tell which matches are
    public. A time within a minute of now counts as now: `published()` of this request."""
    published = queryset.model._default_manager.published()
    now = timezone.now()
    return _filter_shape(queryset.query.where, now) == _filter_shape(published.query.where, now)


def _filter_shape(where, now):
    """A comparable form of a WHERE tree of plain lookups (None for anything else)."""
    if where.negated or where.connector != "AND":
        return None
    shape = []
    for child in where.children:
        target = getattr(getattr(child, "lhs", None), "target", None)
        if target is None or not hasattr(child, "lookup_name"):
            return None
        value = child.rhs
        if isinstance(value, datetime) and abs(value - now) < timedelta(minutes=1):
            value = "now"
        shape.append((target.model._meta.label, target.column, child.lookup_name, repr(value)))
    return sorted(shape)


def newest_matching_ids(queryset, q):
    """The ids of the MAX_RESULTS most recently created articles of `queryset` matching `q`, newest
    first and unranked, under the same plan steering as the readers' search: for lists that order
    the matches themselves (the admin's desk). The primary key orders them, as drafts have no
    publication date: walking the date index would first read every undated row."""
    parsed = parse_query(q)
    if not parsed:
        return []
    with _plan_for(queryset, q) as plan:
        matches, _ = _search(queryset, parsed, plan)
        return matches.order_by("-pk")[:MAX_RESULTS].ids()


def _search(queryset, parsed, plan=None, document=f"{DOCUMENT}__"):
    """(the matching rows of `queryset`, their rank expression) on the queryset's database.

    `queryset` is of articles, or of search documents themselves with `document=""` (the path from
    the queryset's rows to the document's fields)."""
    if connections[queryset.db].vendor == "postgresql":
        return _postgres_search(queryset, parsed, plan, document)
    return _fallback_search(queryset, parsed, document)


def match_query(parsed):
    return reduce(or_, (_group_query(positive, excluded) for positive, excluded in parsed.websearch_groups()))


def _postgres_search(queryset, parsed, plan, document):
    query = match_query(parsed)
    age_days = Func(
        Value(timezone.now()) - F("published_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        output_field=FloatField(),
    )
    recency = 1.0 + RECENCY_BOOST / (1.0 + Greatest(Coalesce(age_days, 3650.0), 0.0) / RECENCY_DAYS)
    # Ranked on the small vector (all but the body): body-only matches follow by date.
    rank = SearchRank(F(f"{document}rank_vector"), query) * recency
    if plan and plan.pairs:
        # Found through the pairs index; the phrase is then checked on those articles alone, in a
        # form the planner cannot take to the vector's index: a bitmap of both would recheck every
        # row against both conditions, computing each row's pairs again.
        vector = f"{document}vector"
        return queryset.filter(HasPairs(plan.pairs, vector), MatchesUnindexed(query, vector)), rank
    return queryset.filter(**{f"{document}vector": query}), rank


class HasPairs(Func):
    """The article's search document holds every adjacent word pair that `pairs` (a tsquery's
    text) asks for: a lookup in the pairs index (migration 0018), exact, with no row re-read."""

    output_field = BooleanField()

    def __init__(self, pairs, vector):
        super().__init__(F(vector))
        self.pairs = pairs

    def as_sql(self, compiler, connection):
        vector, params = compiler.compile(self.source_expressions[0])
        return f"search_pairs({vector}) @@ %s::tsquery", [*params, self.pairs]


class MatchesUnindexed(Func):
    """`vector @@ query` as a function call, which no index serves."""

    function = "ts_match_vq"
    output_field = BooleanField()

    def __init__(self, query, vector):
        super().__init__(F(vector), query)


def phrase_pairs(parsed, using):
    """The pairs tsquery that every match of `parsed` satisfies, or None when there is none.

    Each OR group must hold a phrase, and each of its readings (`_readings`) must give adjacent
    lexemes: the pairs come from PostgreSQL itself (`search_pairs` over `to_tsvector` of the
    phrase under each reading's configuration), so they are the pairs the index holds. A phrase
    whose words a stop word separates (`<2>`) has no adjacent pair and asks for none.
    """
    wanted = []  # (group, configuration, phrase text)
    for group_index, group in enumerate(parsed.groups):
        positive = [c for c in group if not c.negated]
        phrases = [" ".join(c.terms) for c in positive if len(c.terms) > 1]
        if not phrases:
            return None
        configs = _reading_configs(" ".join(t for c in positive for t in c.terms))
        wanted += [(group_index, config, phrase) for phrase in phrases for config in configs]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(search_pairs(to_tsvector(config::regconfig, phrase)))"
            " FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS wanted (config, phrase, n)"
            " ORDER BY n",
            [[config for _, config, _ in wanted], [phrase for _, _, phrase in wanted]],
        )
        found = [row[0] for row in cursor.fetchall()]
    readings = {}  # {group: {configuration: [pair, …]}}
    for (group_index, config, _), pairs in zip(wanted, found, strict=True):
        if not pairs:
            return None
        readings.setdefault(group_index, {}).setdefault(config, []).extend(pairs)

    def quoted(pair):
        return "'" + pair.replace("\\", "\\\\").replace("'", "''") + "'"

    return " | ".join(
        "(" + " & ".join(quoted(pair) for pair in dict.fromkeys(pairs)) + ")"
        for group in readings.values()
        for pairs in group.values()
    )


def _readings(text):
    """`text` as a query under each configuration that can read it differently.

    Arabic script is stemmed only by `arabic` (the others keep it as is, like `simple`), Latin only
    by `french` and `english`: asking the rest again would only repeat terms and mislead the planner.
    """
    return [SearchQuery(text, config=config, search_type="websearch") for config in _reading_configs(text)]


def _reading_configs(text):
    configs = [EXACT_CONFIG]
    if any("\u0600" <= c <= "\u06ff" for c in text):
        configs.append(TEXT_SEARCH_CONFIGS["ar"])
    if any(c.isascii() and c.isalpha() for c in text):
        configs += [TEXT_SEARCH_CONFIGS["fr"], TEXT_SEARCH_CONFIGS["en"]]
    return configs


def _group_query(positive, excluded):
    """Any reading of the positive words, and no reading of the excluded ones."""
    query = reduce(or_, _readings(positive))
    return reduce(and_, (~reading for reading in _readings(excluded)), query) if excluded else query


def _fallback_search(queryset, parsed, document):
    condition = Q(pk__in=[])
    for group in parsed.groups:
        group_condition = Q()
        for clause in group:
            matches = _contains_phrase(" ".join(clause.terms), document)
            group_condition &= ~matches if clause.negated else matches
        condition |= group_condition
    terms = dict.fromkeys(parsed.positive_terms)
    counts = [
        _occurrences(f"{document}{part}", term) * weight
        for part, weight in FALLBACK_WEIGHTS.items()
        for term in terms
    ]
    # One flat sum: nested "((a + b) + c)" overflows SQLite's parser stack at a few dozen terms.
    score = Func(*counts, arg_joiner=" + ", template="(%(expressions)s)", output_field=FloatField())
    return queryset.filter(condition), score


def _contains_phrase(text, document):
    """A word (or phrase) starting at a word boundary in any part of the document."""
    conditions = (
        Q(**{f"{document}{part}__startswith": text}) | Q(**{f"{document}{part}__contains": f" {text}"})
        for part in FALLBACK_WEIGHTS
    )
    return reduce(or_, conditions)


def _occurrences(column, term):
    removed = Length(column) - Length(Replace(F(column), Value(term), Value("")))
    return Cast(removed, FloatField()) / float(len(term))


@dataclass
class Plan:
    """How `_plan_for` steered a search: `dense` walks the date index; `pairs`, the word pairs of
    a phrase search that is not dense, sends it through the pairs index."""

    dense: bool
    pairs: str | None = None


@contextmanager
def _plan_for(queryset, q):
    """Steer PostgreSQL to the plan that suits how common the query is; yields the `Plan`.

    The planner does not count the cost of testing each row's tsvector, so left alone it
    may walk the date index testing row after row for a query that matches 2 % of the archive
    (seconds at 100,000 articles) or read every GIN match of a word found in a third of it. From
    its own estimate of the matches: a rare query goes through the GIN bitmap, a common one walks
    the date index, where the newest matches come first (docs/performance.md). A phrase is
    judged by the articles holding its word pairs: its words alone may be common where the phrase
    is rare.
    """
    parsed = parse_query(q)
    if connections[queryset.db].vendor != "postgresql" or not parsed:
        yield None
        return
    documents = queryset.model._meta.get_field(DOCUMENT).related_model
    pairs = phrase_pairs(parsed, queryset.db)
    if pairs:
        estimate = _count_with_pairs(documents, pairs, queryset.db)
    else:
        plan = documents.objects.using(queryset.db).filter(vector=match_query(parsed)).explain(format="json")
        estimate = json.loads(plan)[0]["Plan"]["Plan Rows"]
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        # One statement: the estimate against the table's size, SET LOCAL of the scan to avoid, and no
        # parallel workers: they walk the date index side by side far past the 200 matches needed,
        # on cores that other requests want. A rare query joins its few matches to their articles
        # one by one: with index scans off, a hash join would read every published article's row.
        cursor.execute(
            "SELECT dense, set_config('enable_seqscan', 'off', true),"
            " set_config('max_parallel_workers_per_gather', '0', true),"
            " set_config(CASE WHEN dense THEN 'enable_bitmapscan' ELSE 'enable_indexscan' END, 'off', true),"
            " set_config('enable_hashjoin', CASE WHEN dense THEN 'on' ELSE 'off' END, true),"
            " set_config('enable_mergejoin', CASE WHEN dense THEN 'on' ELSE 'off' END, true)"
            " FROM (SELECT %s / GREATEST(reltuples, 1) > %s AS dense FROM pg_class"
            " WHERE oid = %s::regclass) AS share",
            [estimate, DENSE_SHARE, documents._meta.db_table],
        )
        dense = cursor.fetchone()[0]
        yield Plan(dense=dense, pairs=None if dense else pairs)


def _count_with_pairs(documents, pairs, using):
    """How many search documents hold `pairs`, counted in the pairs index up to just past the
    dense share of the table. Counted rather than estimated: the index has no statistics, as
    ANALYZE would compute every sampled row's pairs (migration 0018)."""
    table = documents._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE search_pairs(vector) @@ %s::tsquery"
            f" LIMIT (SELECT (reltuples * %s)::bigint + 1 FROM pg_class WHERE oid = %s::regclass))"
            " AS holding",
            [pairs, DENSE_SHARE, table],
        )
        return cursor.fetchone()[0]


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
            if is_whole_public_archive(self.queryset):
                # The same for every reader until an article enters, leaves or changes: a query
                # many readers type at once (a story spreading) is matched once.
                query = hashlib.sha256(self.q.encode()).hexdigest()
                key = f"search:{translation.get_language()}:{query}"
                self._ids = remembered(key, ["lists"], self._matching_ids)
            else:
                self._ids = self._matching_ids()
        return self._ids

    def _matching_ids(self):
        with _plan_for(self.queryset, self.q) as plan:
            matches = search_queryset(self.queryset, self.q, plan)
            return matches.ids()

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
