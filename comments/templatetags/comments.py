from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from newsroom.pagecache.fragments import remembered

from ..forms import CommentForm
from ..models import Comment
from ..workflow import can_moderate

register = template.Library()


@register.inclusion_tag("comments/comment_section.html", takes_context=True)
def comment_section(context, article):
    """An article's approved comments and, while it takes comments, the form.

    The form comes from the context when the page is shown again with a reader's errors
    (`comment_form`); `hide_comment_form` leaves it out (staff previews of unpublished articles).
    """
    form = context.get("comment_form")
    fresh_form = None
    if form is None and article.accepts_comments() and not context.get("hide_comment_form"):
        fresh_form = drawn_fresh_form(translation.get_language(), article.pk)
    count, drawn_threads = drawn_comments(article)
    return {
        "article": article,
        "count": count,
        "drawn_threads": drawn_threads,
        "comment_form": form,
        "fresh_form": fresh_form,
        "messages": context.get("messages", ()),
    }


def drawn_comments(article):
    """(how many, the threads as HTML) of an article's approved comments. For a published
    article they are remembered until a comment is approved, edited or removed, or comments are
    closed: each of those purges the article's tag."""
    if not article.is_published():
        return _drawn_comments(article.pk)
    key = f"comments:{article.pk}:{translation.get_language()}"
    return remembered(key, [f"article:{article.pk}"], lambda: _drawn_comments(article.pk))


def _drawn_comments(article_pk):
    comments = list(Comment.objects.filter(article_id=article_pk).approved())
    if not comments:
        return 0, ""
    html = render_to_string("comments/comment_threads.html", {"threads": threads(comments)})
    return len(comments), mark_safe(html)


@lru_cache(maxsize=1024)
def drawn_fresh_form(language, article_pk):
    """The empty comment form of an article, drawn once per process: it depends on nothing but the
    code, the language and the article (its token is fetched by the page's script)."""
    with translation.override(language):
        context = {"comment_form": CommentForm(), "article": SimpleNamespace(pk=article_pk)}
        return mark_safe(render_to_string("comments/comment_form.html", context))


def threads(comments):
    """Approved comments as threads: the top-level ones, each with `thread_replies` under it (in
    date order). A reply whose parent is not shown stands on its own."""
    shown = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = shown.get(comment.parent_id)
        (parent.thread_replies if parent else roots).append(comment)
    return roots


@register.filter
def comment_text(text):
    """A reader's plain text as safe HTML: escaped, line breaks kept, web links clickable but
    marked `nofollow ugc` (`javascript:` and other schemes stay plain text)."""
    html = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    html = html.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(linebreaksbr(html, autoescape=False))  # urlize escaped the text


@register.simple_tag(takes_context=True)
def pending_comment_count(context):
    """Pending comments, for moderators only (None for anyone else)."""
    request = context.get("request")
    if request is None or not can_moderate(request.user):
        return None
    return Comment.objects.pending().count()
