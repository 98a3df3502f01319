"""Posts (and, when asked, pages) → articles, written through `articles.workflow` like any other
edit: the article gets its revisions and audit entries, its search text and its state moves
through the transitions (by=None: the system)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from articles import workflow
from articles.models import Article
from newsroom.slugs import unique_slugs

from ..content import convert_content, plain_text
from ..models import ImportedItem
from .discussion import ledger_entries, read_comments, save_comments, write_comments
from .ledger import digest, digest_all

Status = Article.Status
# WordPress status → (the article's status, "scheduled" for a future date), or None: not imported.
STATUSES = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "auto-draft": None,
    "pending": "review",
    "private": "draft",
    "trash": None,
    "inherit": None,
}


def target_status(item):
    """(status, note): where the post lands, and why when it is not where WordPress had it."""
    status = STATUSES.get(item.status, "draft")
    if status is None:
        return None, ""
    if item.status == "private":
        return Status.DRAFT, _("كان المقال خاصًا في ووردبريس: بقي مسودة لا يراها القراء.")
    if item.password and status == "published":
        return Status.DRAFT, _("كان المقال محميًا بكلمة مرور في ووردبريس: بقي مسودة لا يراها القراء.")
    if item.status not in STATUSES:
        return Status.DRAFT, _("حالة ووردبريس غير معروفة «%(status)s»: بقي مسودة.") % {"status": item.status}
    return status, ""


class PostWriter:
    def __init__(self, context):
        self.context = context

    def is_new(self, item, kind):
        """The item is to be imported and was never imported before: `write_new` can take it."""
        status, _note = target_status(item)
        return status is not None and self.context.ledger.get(kind_key(kind), item.id) is None

    def write_new(self, items, kind):
        """Import new posts or pages (`is_new`), all in the caller's one transaction, with one
        insert per table for the whole batch: the articles through `workflow.import_articles`,
        then their comments, ledger rows and old addresses."""
        context = self.context
        values = [self._digest(item) for item in items]
        entries = [self._new_entry(item, kind) for item in items]
        slugs = unique_slugs(Article, [entry.pop("slug_source") for entry in entries], fallback="article")
        for entry, slug in zip(entries, slugs, strict=True):
            entry["slug"] = slug
        articles = workflow.import_articles(entries, by=None)
        pairs = zip(items, articles, strict=True)
        comments = [read_comments(context, article, item)[0] for item, article in pairs]
        save_comments(context, [comment for new in comments for comment in new])
        context.ledger.record_new(
            kind_key(kind),
            [
                (item.id, article.pk, value, ledger_entries(new))
                for item, article, value, new in zip(items, articles, values, comments, strict=True)
            ],
        )
        context.addresses.point_many(
            [
                ([*context.old_paths.item_paths(item), *context.attachments.page_paths(item)], article)
                for item, article in zip(items, articles, strict=True)
            ]
        )
        context.report.count(kind, "imported", len(items))

    def write(self, item, kind):
        """Import one post or page; returns its state (imported, updated, unchanged, skipped)."""
        context = self.context
        status, note = target_status(item)
        if status is None:
            context.report.count(kind, "skipped")
            return "skipped"
        known = context.ledger.get(kind_key(kind), item.id)
        if known is None:
            self.write_new([item], kind)
            return "imported"
        value = self._digest(item)
        if known.digest == value:
            context.report.count(kind, "unchanged")
            return "unchanged"
        article = Article.objects.filter(pk=known.object_id).first() if known.object_id else None
        if article is None:
            context.report.problem(self._ref(item), _("حُذف المقال بعد استيراده: لم يُستورد من جديد."))
            context.report.count(kind, "skipped")
            return "skipped"
        if known.digest[:32] != value[:32]:
            article = self._update(item, kind, article, status, note)
        comments = write_comments(context, article, item, existing=context.ledger.comments_of(item.id))
        context.ledger.record(kind_key(kind), item.id, object_id=article.pk, digest=value, comments=comments)
        paths = [*context.old_paths.item_paths(item), *context.attachments.page_paths(item)]
        context.addresses.point(paths, article)
        context.report.count(kind, "updated")
        return "updated"

    def _digest(self, item):
        """The post's own digest (32 characters: what its article is made from) and its comments'."""
        return digest(item, self.context.settings_digest) + digest_all(item.comments)

    def _ref(self, item):
        return f"{item.post_type} {item.id}" + (f" «{item.title[:60]}»" if item.title else "")

    # --- The article ------------------------------------------------------------------------------

    def _fields(self, item, kind):
        context = self.context
        conversion = convert_content(
            item.content,
            resolve_image=context.attachments.resolve,
            resolve_embed=context.resolve_embed,
            site_urls=(context.site.base_site_url, context.site.base_blog_url),
            attached_ids=context.attachments.children_of(item.id),
        )
        context.report.add_problems(self._ref(item), conversion.problems)
        region, tags = context.subjects.for_item(item) if kind == "posts" else (None, [])
        fields = {
            "headline_ar": (plain_text(item.title) or _("(بلا عنوان)"))[:300],
            "lead_ar": plain_text(item.excerpt),
            "body_ar": conversion.html,
            "is_featured": item.is_sticky,
            "region": region,
        }
        fields.update(context.attachments.lead_image_fields(item))
        creator = context.people.author_for(item.creator)
        authors = [creator] if creator else []
        return fields, authors, tags

    def _new_entry(self, item, kind):
        """The keyword arguments of `workflow.import_article` for a new post, with the text its
        slug is to be made from (`slug_source`) in place of the slug."""
        status, note = target_status(item)
        fields, authors, tags = self._fields(item, kind)
        origin = _("من ووردبريس: %(type)s رقم %(id)s بحالة «%(status)s»") % {
            "type": item.post_type,
            "id": item.id,
            "status": item.status,
        }
        return dict(
            fields,
            slug_source=item.slug or fields["headline_ar"],
            comments_enabled=item.comments_open,
            status=status,
            published_at=item.date if status == Status.PUBLISHED else None,
            note=" — ".join(filter(None, [origin, note])),
            authors=authors,
            tags=tags,
        )

    def _update(self, item, kind, article, status, note):
        fields, authors, tags = self._fields(item, kind)
        article = workflow.edit_article(article, by=None, authors=authors, tags=tags, **fields)
        if article.comments_enabled != item.comments_open:
            switch = workflow.open_comments if item.comments_open else workflow.close_comments
            switch(article, by=None)
        move_to(article, status, item.date if status == Status.PUBLISHED else None, note)
        return article


def move_to(article, status, at, note=""):
    """Take `article` to `status` (published at `at`, past or future) through the transitions."""
    at = at or (timezone.now() if status == Status.PUBLISHED else None)
    if status == Status.PUBLISHED:
        if article.status == Status.PUBLISHED and article.published_at == at:
            return
        if article.is_published():
            workflow.withdraw(article, by=None)
        workflow.publish(article, by=None, at=at)
        return
    if article.status == Status.PUBLISHED:
        workflow.withdraw(article, by=None, note=note)
    if status == Status.DRAFT and article.status in (Status.REVIEW, Status.WITHDRAWN):
        workflow.send_back_to_draft(article, by=None, note=note or _("مسودة في ووردبريس."))
    elif status == Status.REVIEW:
        if article.status == Status.WITHDRAWN:
            workflow.send_back_to_draft(article, by=None, note=_("في انتظار المراجعة في ووردبريس."))
        if article.status == Status.DRAFT:
            workflow.submit_for_review(article, by=None)


def kind_key(kind):
    return ImportedItem.Kind.PAGE if kind == "pages" else ImportedItem.Kind.POST
