"""The generated rows: authors, tags and articles with their bylines, tags, comments and search
documents, written a batch at a time; and how to remove them again.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import timedelta

from django.utils import timezone

from newsroom.slugs import unicode_slug

from ..models import Article, ArticleAuthor, EventTag, Region
from ..search import document
from ..search.terms import document_text

GENERATED = "-gen"  # slug suffix marker: «…-gen123»
GENERATED_SLUG = r"-gen[0-9]+$"
Author = Article._meta.get_field("authors").related_model  # reached through the relation
Comment = Article._meta.get_field("comments").related_model
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


@dataclass
class GeneratedArticle:
    """One article before it is written: its column values by attribute name (no created_at or
    updated_at, which bulk_create sets to the time of writing) and what hangs on it."""

    fields: dict
    keys: dict  # {part: index terms} of headline, lead and body
    tags: list  # [(EventTag, index terms)], in the order .tags.all() gives them
    authors: list
    places: dict  # {language: index terms of its places}, empty strings without a region
    comments: list = dataclass_field(default_factory=list)  # Comment column values, no article yet
    pk: int | None = None  # once written

    def search_document(self):
        """(id, parts, words) for `document.write_many`, as `document.index_article` would build them."""
        tags = " ".join(terms for _tag, terms in self.tags if terms)
        parts = {
            lang: {"headline": "", "summary": "", "body": "", "places": self.places[lang]}
            for lang in document.LANGUAGES
        }
        parts["ar"].update(
            headline=self.keys["headline"],
            summary=" ".join(filter(None, [self.keys["lead"], tags])),
            body=self.keys["body"],
        )
        words = [self.keys["headline"], self.places["ar"], tags, self.places["fr"], self.places["en"]]
        return self.pk, parts, " ".join(dict.fromkeys(" ".join(words).split()))


class Batches:
    """Makes generated articles a batch at a time, in Python only (no query), so that one batch can
    be made while the one before is written."""

    def __init__(self, writer, *, authors, tags, using="default", years=10):
        self.writer, self.authors, self.tags = writer, authors, tags
        self.places = place_terms()
        self.region_ids = list(self.places)
        self.no_places = dict.fromkeys(document.LANGUAGES, "")
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

    def make(self, n):
        """`n` GeneratedArticles. The comments are drawn after all the articles of the batch, so a
        seed gives the same archive as it did when the articles were inserted in between."""
        batch = [self.article() for _ in range(n)]
        for article in batch:
            article.comments = self.comments(article.fields)
            self.counts["comments"] += len(article.comments)
        return batch

    def article(self):
        r = self.writer.random
        headline, lead, body, keys = self.writer.article()
        status, published_at = self.state()
        region_id = r.choice(self.region_ids) if r.random() < 0.9 else None
        slug = f"{unicode_slug(headline)[:120].rstrip('-')}{GENERATED}{self.number}"
        self.number += 1
        fields = dict(
            headline=headline, headline_ar=headline, lead=lead, lead_ar=lead, body=body,
            body_ar=body, slug=slug, status=status, published_at=published_at,
            region_id=region_id, is_featured=r.random() < 0.01,
            comments_enabled=r.random() < 0.9,
        )  # fmt: skip
        tags = sorted(r.sample(self.tags, r.randint(0, 3)), key=lambda tag: tag[0].name)  # as .tags.all()
        authors = r.sample(self.authors, r.randint(1, 2))
        places = self.places.get(region_id) or self.no_places
        return GeneratedArticle(fields, keys, tags, authors, places)

    def comments(self, article):
        r = self.writer.random
        published = article["status"] == "published" and article["published_at"] <= self.now
        if not (published and r.random() < 0.3):
            return []
        return [
            dict(
                name=r.choice(FIRST_NAMES).replace("_", " "),
                email=f"reader{r.randint(1, 5000)}@example.com", body=r.choice(COMMENTS),
                status="approved" if r.random() < 0.85 else "pending",
                created_at=article["published_at"] + timedelta(minutes=10 + 30 * i),
            )
            for i in range(r.randint(1, 4))
        ]  # fmt: skip


def related_rows(batch):
    """[(model, [column values by attribute name])] of the tags, bylines and comments of a written batch."""
    tags = [{"article_id": a.pk, "eventtag_id": tag.pk} for a in batch for tag, _terms in a.tags]
    bylines = [
        {"article_id": a.pk, "author_id": author.pk, "position": i}
        for a in batch
        for i, author in enumerate(a.authors)
    ]
    comments = [{"article_id": a.pk, **comment} for a in batch for comment in a.comments]
    return [(Article.tags.through, tags), (ArticleAuthor, bylines), (Comment, comments)]


def write_batch(batch, using="default"):
    """Insert a batch through the ORM, a bulk insert per table (any database)."""
    articles = Article.objects.using(using).bulk_create(Article(**article.fields) for article in batch)
    for article, row in zip(batch, articles, strict=True):
        article.pk = row.pk
    for model, rows in related_rows(batch):
        model.objects.using(using).bulk_create(model(**row) for row in rows)
    document.write_many((article.search_document() for article in batch), using=using)
