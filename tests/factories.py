"""Small helpers that make valid rows; override any field by keyword."""

from datetime import timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, ArticleAuthor, EventTag, Region
from articles.search import document
from authors.models import Author
from comments.models import Comment
from images.models import Image
from images.tasks import make_renditions
from images.workflow import upload_image

_sequence = count(1)


def make_region(*, parent=None, **overrides):
    """A top-level region, or a division under `parent`; codes never clash with HCP's."""
    n = next(_sequence)
    values = {
        "code": f"{parent.code}.{n:03d}" if parent else f"9{n:03d}",
        "level": Region.Level.PROVINCE if parent else Region.Level.REGION,
        "parent": parent,
        "name_ar": f"منطقة {n}",
        "slug": f"منطقة-{n}",
    }
    return Region.objects.create(**{**values, **overrides})


def make_author(**overrides):
    n = next(_sequence)
    return Author.objects.create(**{"name_ar": f"كاتب {n}", **overrides})


def make_tag(**overrides):
    n = next(_sequence)
    return EventTag.objects.create(**{"name_ar": f"وسم {n}", **overrides})


def make_article(*, authors=(), tags=(), **overrides):
    n = next(_sequence)
    values = {
        "headline_ar": f"مقال تجريبي رقم {n}",
        "lead_ar": "مقدمة قصيرة للمقال.",
        "body_ar": "<p>نص المقال.</p>",
        "status": Article.Status.PUBLISHED,
        # A fixed age: a counter here made an article's age depend on how many tests ran before.
        # Tests that care about order pass published_at themselves.
        "published_at": timezone.now() - timedelta(minutes=5),
    }
    values.update(overrides)
    # Made directly, as a data migration would, outside the write path (no revision, no event),
    # so tests start from exactly the state they set up; search still finds it.
    article = Article.objects.create(**values)
    for position, author in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.set(tags)
    document.index_article(article)
    return article


def make_comment(article, **overrides):
    values = {"name": "قارئ", "email": "reader@example.com", "body": "تعليق مفيد."}
    values.update(overrides)
    return Comment.objects.create(article=article, **values)


def make_user(username="user", *, groups=(), **overrides):
    user = get_user_model().objects.create_user(username=username, password="pass-1234-word", **overrides)
    if groups:
        from django.contrib.auth.models import Group

        from articles.roles import ensure_roles

        if Group.objects.filter(name__in=groups).count() < len(groups):
            ensure_roles()  # a transactional test's flush removed the groups the migration made
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_image(*, width=1600, height=900, name="photo.jpg", by=None, renditions=True, **fields):
    """A library image uploaded through the write path, its renditions made (as the task would)."""
    from tests.images import image_bytes

    n = next(_sequence)
    fields.setdefault("title", f"صورة {n}")
    image = upload_image(
        SimpleUploadedFile(name, image_bytes(size=(width, height)), content_type="image/jpeg"),
        by=by,
        **fields,
    )
    if renditions:
        make_renditions.call(image.pk)
    return Image.objects.get(pk=image.pk)
