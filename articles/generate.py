"""Generated Arabic articles for trying the site at archive size (`manage.py generate_articles`).

The text is written from the vocabulary of the demo content and the region names: function words
by Zipf's law, content words by a flatter Zipf, a topic of a dozen words per article that its
headline and lead are mostly drawn from, attached prefixes (و ب ال وال بال لل) on a share of
words. Bodies are a few paragraphs from a pool written the same way, so 100,000 articles take
seconds of Python, not minutes. Each word's index terms are computed once (`terms.index_terms`),
so the search documents are exactly what the write path would store, at a fraction of the cost.

Rows go in with bulk inserts: this is a loader for empty or test databases, and deliberately skips
the workflow's revisions and audit log (there is no editor to record). Every generated row carries
the marker `GENERATED` at the end of its slug, which `remove_generated()` relies on.
"""

import json
import random
import re
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

from django.db import connections
from django.utils import timezone

from newsroom.arabic import normalize
from newsroom.slugs import unicode_slug

from .models import Article, ArticleAuthor, EventTag, Region
from .search import document
from .search.terms import document_text, index_terms, stop_words

DATA_DIR = Path(__file__).resolve().parent / "data"
GENERATED = "-gen"  # slug suffix marker: «…-gen123»
GENERATED_SLUG = r"-gen[0-9]+$"
Author = Article._meta.get_field("authors").related_model  # reached through the relation
Comment = Article._meta.get_field("comments").related_model
PREFIXES = ["", "", "", "", "ال", "ال", "و", "ب", "وال", "بال", "لل"]
FIRST_NAMES = "محمد فاطمة يوسف خديجة عمر سعاد رشيد نادية كريم ليلى حسن مريم عبد_الله زينب إدريس هند".split()  # noqa: SIM905
LAST_NAMES = "العلوي بناني الإدريسي التازي بوزيد الفاسي أمزيان أيت_باها الشرقاوي الصنهاجي المراكشي".split()  # noqa: SIM905
# Published (past), scheduled, draft, in review, withdrawn: what an archive's desk looks like.
STATES = [("published", 0.92), ("scheduled", 0.01), ("draft", 0.04), ("review", 0.02), ("withdrawn", 0.01)]
COMMENTS = [
    "شكرا على هذا المقال المفيد",
    "نتمنى أن تتابعوا الموضوع وتنقلوا رأي الساكنة",
    "هذا ما نعيشه يوميا في الجماعة",
    "معلومات مهمة، لكن ماذا عن القرى المجاورة؟",
    "أين المنتخبون من كل هذا؟",
]


def vocabulary(regions=400):
    """Function words (most frequent first) and content words of the demo articles, tags and the
    first `regions` region names (None: all; bench/search.py's corpus uses all)."""
    texts = [(DATA_DIR / "seed_article.txt").read_text(encoding="utf-8")]
    demo = json.loads((DATA_DIR / "demo_articles.json").read_text(encoding="utf-8"))
    for row in [*demo["articles"], *demo["tags"]]:
        for key, value in row.items():
            if key.endswith("_ar"):
                texts.append(" ".join(value) if isinstance(value, list) else value)
    texts += list(Region.objects.values_list("name_ar", flat=True)[:regions])
    counts = {}
    for word in re.findall(r"[\u0621-\u0652\u0671-\u06D3]+", " ".join(texts)):
        counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=counts.get, reverse=True)
    function = [w for w in words if normalize(w) in stop_words()]
    content = [w for w in words if normalize(w) not in stop_words() and len(w) > 2]
    return function, content


class Writer:
    """News-like Arabic text and, for each piece, its index terms (see the module docstring)."""

    def __init__(self, seed, paragraphs=4000):
        self.random = random.Random(seed)
        self.function, content = vocabulary()
        self.content = content[:]
        self.random.shuffle(self.content)
        self.function_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.function))))
        self.content_weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.content))))
        forms = {self.inflect(w, p) for w in self.content for p in PREFIXES} | set(self.function)
        self.keys = {word: " ".join(index_terms(word)) for word in forms}
        self.paragraphs = [self.paragraph() for _ in range(paragraphs)]

    @staticmethod
    def inflect(word, prefix):
        bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
        return prefix + bare if prefix else word

    def words(self, n, topic, topic_share):
        r = self.random
        function = r.choices(self.function, cum_weights=self.function_weights, k=n)
        content = r.choices(self.content, cum_weights=self.content_weights, k=n)
        prefixes = r.choices(PREFIXES, k=n)
        out = []
        for i, roll in enumerate(r.random() for _ in range(n)):
            if roll < 0.35:
                out.append(function[i])
            else:
                word = r.choice(topic) if roll < 0.35 + topic_share else content[i]
                out.append(self.inflect(word, prefixes[i]))
        return " ".join(out)

    def key_text(self, text):
        return " ".join(k for k in (self.keys.get(w) for w in text.rstrip(".").split()) if k)

    def paragraph(self):
        text = self.words(self.random.randint(30, 80), self.random.sample(self.content, 12), 0.2) + "."
        return f"<p>{text}</p>", self.key_text(text)

    def article(self):
        """(headline, lead, body HTML, {part: index terms}) of one article."""
        r = self.random
        topic = r.sample(self.content, 12)
        headline = self.words(r.randint(7, 14), topic, 0.5)
        lead = self.words(r.randint(18, 40), topic, 0.3) + "."
        body = r.sample(self.paragraphs, r.randint(3, 7))
        keys = {"headline": self.key_text(headline), "lead": self.key_text(lead)}
        keys["body"] = " ".join(k for _html, k in body if k)
        return headline, lead, "".join(html for html, _k in body), keys


def place_terms():
    """{region id: {language: index terms of its names and those above it}}, as the write path
    builds them (`document.places_of`: the region, then the divisions above it, top first)."""
    fields = ["pk", "parent_id", "alt_names", *(f"name_{lang}" for lang in document.LANGUAGES)]
    regions = {r.pk: r for r in Region.objects.only(*fields)}
    out = {}
    for region in regions.values():
        above, parent = [], regions.get(region.parent_id)
        while parent is not None:
            above.insert(0, parent)
            parent = regions.get(parent.parent_id)
        chain = [region, *above]
        out[region.pk] = {
            lang: document_text(
                *(getattr(r, f"name_{lang}") or "" for r in chain),
                *(r.alt_names for r in chain if lang == "ar"),
            )
            for lang in document.LANGUAGES
        }
    return out


def remove_generated(using="default"):
    """Delete every generated article, comment, tag and author; returns how many articles."""
    articles = Article.objects.using(using).filter(slug__regex=GENERATED_SLUG)
    count = articles.count()
    Comment.objects.using(using).filter(article__in=articles).delete()
    articles.delete()
    EventTag.objects.using(using).filter(slug__regex=GENERATED_SLUG).delete()
    Author.objects.using(using).filter(slug__regex=GENERATED_SLUG).delete()
    return count


def next_number(model, using="default"):
    """One more than the largest generated number in `model`'s slugs (runs add, never collide)."""
    slugs = model.objects.using(using).filter(slug__regex=GENERATED_SLUG).values_list("slug", flat=True)
    return 1 + max((int(s.rsplit(GENERATED, 1)[1]) for s in slugs.iterator()), default=0)


def make_authors(writer, n, using="default"):
    start = next_number(Author, using)
    r = writer.random
    authors = []
    for i in range(start, start + n):
        name = f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}".replace("_", " ")
        authors.append(
            Author(name=name, name_ar=name, slug=f"{unicode_slug(name)}{GENERATED}{i}", job_title="صحافي")
        )
    return Author.objects.using(using).bulk_create(authors)


def make_tags(writer, n, region_ids, using="default"):
    start = next_number(EventTag, using)
    r = writer.random
    tags = []
    for i in range(start, start + n):
        name = " ".join(r.sample(writer.content[:300], 2))
        region_id = r.choice(region_ids) if r.random() < 0.3 else None
        slug = f"{unicode_slug(name, fallback='tag')}{GENERATED}{i}"
        tags.append(EventTag(name=name, name_ar=name, slug=slug, region_id=region_id))
    tags = EventTag.objects.using(using).bulk_create(tags)
    return [(tag, document_text(tag.name_ar)) for tag in tags]


class Batches:
    """Writes generated articles `batch_size` at a time: articles, bylines, tags, comments and
    search documents, each in one bulk insert per batch."""

    def __init__(self, writer, *, authors, tags, using="default", years=10):
        self.writer, self.authors, self.tags, self.using = writer, authors, tags, using
        self.places = place_terms()
        self.region_ids = list(self.places)
        self.now = timezone.now()
        self.minutes = 60 * 24 * 365 * years
        self.state_names = [name for name, _share in STATES]
        self.state_weights = [share for _name, share in STATES]
        self.number = next_number(Article, using)
        self.counts = dict.fromkeys([*self.state_names, "comments"], 0)

    def state(self):
        r = self.writer.random
        state = r.choices(self.state_names, self.state_weights)[0]
        self.counts[state] += 1
        if state == "scheduled":
            return "published", self.now + timedelta(minutes=r.randint(10, 60 * 24 * 30))
        published_at = self.now - timedelta(minutes=r.randint(1, self.minutes))
        return state, published_at if state in ("published", "withdrawn") else None

    def write(self, n):
        r = self.writer.random
        rows = []
        for _ in range(n):
            headline, lead, body, keys = self.writer.article()
            status, published_at = self.state()
            region_id = r.choice(self.region_ids) if r.random() < 0.9 else None
            slug = f"{unicode_slug(headline)[:120].rstrip('-')}{GENERATED}{self.number}"
            self.number += 1
            article = Article(
                headline=headline, headline_ar=headline, lead=lead, lead_ar=lead, body=body,
                body_ar=body, slug=slug, status=status, published_at=published_at,
                region_id=region_id, is_featured=r.random() < 0.01,
                comments_enabled=r.random() < 0.9,
            )  # fmt: skip
            article.created_at = article.updated_at = published_at or self.now
            tags = sorted(r.sample(self.tags, r.randint(0, 3)), key=lambda tag: tag[0].name)  # as .tags.all()
            rows.append((article, keys, tags, r.sample(self.authors, r.randint(1, 2))))
        Article.objects.using(self.using).bulk_create([row[0] for row in rows])
        self.relations(rows)
        document.write_many((self.search_document(*row[:3]) for row in rows), using=self.using)

    def relations(self, rows):
        r = self.writer.random
        through = Article.tags.through
        tags, bylines, comments = [], [], []
        for article, _keys, article_tags, authors in rows:
            tags += [through(article_id=article.pk, eventtag_id=tag.pk) for tag, _terms in article_tags]
            bylines += [
                ArticleAuthor(article_id=article.pk, author_id=author.pk, position=i)
                for i, author in enumerate(authors)
            ]
            if article.status == "published" and article.published_at <= self.now and r.random() < 0.3:
                for i in range(r.randint(1, 4)):
                    comments.append(
                        Comment(
                            article_id=article.pk, name=r.choice(FIRST_NAMES).replace("_", " "),
                            email=f"reader{r.randint(1, 5000)}@example.com", body=r.choice(COMMENTS),
                            status="approved" if r.random() < 0.85 else "pending",
                            created_at=article.published_at + timedelta(minutes=10 + 30 * i),
                        )
                    )  # fmt: skip
        db = self.using
        through.objects.using(db).bulk_create(tags)
        ArticleAuthor.objects.using(db).bulk_create(bylines)
        Comment.objects.using(db).bulk_create(comments)
        self.counts["comments"] += len(comments)

    def search_document(self, article, keys, article_tags):
        """(id, parts, words) for `document.write_many`, as `document.index_article` would build them."""
        places = self.places.get(article.region_id) or dict.fromkeys(document.LANGUAGES, "")
        tags = " ".join(terms for _tag, terms in article_tags if terms)
        parts = {
            lang: {"headline": "", "summary": "", "body": "", "places": places[lang]}
            for lang in document.LANGUAGES
        }
        parts["ar"].update(
            headline=keys["headline"],
            summary=" ".join(filter(None, [keys["lead"], tags])),
            body=keys["body"],
        )
        words = [keys["headline"], places["ar"], tags, places["fr"], places["en"]]
        return article.pk, parts, " ".join(dict.fromkeys(" ".join(words).split()))


SEARCH_INDEXES = {  # as migration 0010 makes them
    "article_search_vector_idx": "USING gin (vector)",
    "article_search_words_trgm_idx": "USING gin (words gin_trgm_ops)",
}


def drop_search_indexes(using="default"):
    """Before a large load on PostgreSQL: building a GIN index once is far quicker than keeping it up."""
    with connections[using].cursor() as cursor:
        for name in SEARCH_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_search_indexes(using="default"):
    with connections[using].cursor() as cursor:
        for name, method in SEARCH_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON articles_searchdocument {method}")
        cursor.execute("ANALYZE")
