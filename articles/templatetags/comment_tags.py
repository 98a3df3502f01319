from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import urlize
from django.utils.safestring import mark_safe

from articles.models import Comment
from articles.workflow import can_moderate

register = template.Library()


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
