"""The generated rows: authors, tags and articles with their bylines, tags, comments and search
documents, written a batch at a time; and how to remove them again.
"""

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
