from django import template

from articles.search import highlight

register = template.Library()


@register.filter
def highlight_query(text, q):
    """{{ article.headline|highlight_query:q }}: the text as written, matching words in <mark>."""
    return highlight.highlight(text, q)


@register.filter
def search_snippet(article, q):
    """{{ article|search_snippet:q }}: a short extract of the lead or body around the first match."""
    return highlight.article_snippet(article, q)
