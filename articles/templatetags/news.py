"""Template helpers of the public site: Moroccan dates, responsive images, navigation."""

from django import template
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.safestring import mark_safe

from articles import dates
from articles.metadata import absolute_url
from articles.models import Region
from articles.pagetags import card_tags
from images import renditions
from images.html import picture_html
from newsroom.pagecache import tag_page
from newsroom.pagecache.fragments import remembered

register = template.Library()

# Each language named in itself, as a reader of that language looks for it.
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


@register.filter
def local_datetime(moment):
    """«27 يناير 2023، 10:00» on Arabic pages; the locale's own format elsewhere."""
    if not moment:
        return ""
    if translation.get_language() == "ar":
        return dates.gregorian_datetime(moment)
    return formats.date_format(dates.local(moment), "DATETIME_FORMAT")


@register.filter
def local_date(moment):
    """«5 يوليوز 2023» for a datetime (its local day) or a plain date; the locale's format elsewhere."""
    if not moment:
        return ""
    if translation.get_language() == "ar":
        return dates.gregorian_date(moment)
    return formats.date_format(dates.local_day(moment), "DATE_FORMAT")


@register.filter
def hijri_date(moment):
    return dates.hijri_date(moment) if moment else ""


@register.filter
def iso(moment):
    """The machine-readable form for <time datetime>, in local time with its offset."""
    return dates.local(moment).isoformat(timespec="minutes") if moment else ""


@register.filter
def absolute(path):
    return absolute_url(path) if path else ""


@register.simple_tag
def picture(image, alt=None, sizes="100vw", loading="lazy", css_class=""):
    """A <picture> of a library image's renditions (the original until they exist); nothing
    without an image. `alt` defaults to the image's own alt text."""
    return picture_html(renditions.picture(image, sizes=sizes, loading=loading, alt=alt), css_class)


@register.simple_tag
def site_navigation():
    """The site's navigation (the top-level regions), drawn once per language and kept until a
    region changes (`nav`, which every public page carries)."""

    def draw():
        return str(render_to_string("includes/site_nav.html", {"regions": Region.objects.top_level()}))

    return mark_safe(remembered(f"site-navigation:{translation.get_language()}", ["nav"], draw))


@register.simple_tag(takes_context=True)
def language_links(context, translations=None):
    """[(code, name, url)] of this page in other languages: the article's translations if given."""
    current = translation.get_language()
    if translations is None:
        match = context["request"].resolver_match
        translations = [(code, page_in_language(match, code)) for code, _name in settings.LANGUAGES]
    return [
        (code, LANGUAGE_NAMES.get(code) or LANG_INFO[code]["name_local"], url)
        for code, url in translations
        if code != current
    ]


def page_in_language(match, language):
    """The resolved page reversed in `language`, or that language's home page when nothing
    resolved (a 404). Never built from the requested path: in `//evil.example/` a browser reads a
    host, and so would a link made from it."""
    with translation.override(language):
        if match is not None:
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
        return reverse("articles:home")


@register.simple_tag(takes_context=True)
def page_tags(context, article):
    """Tag the page being rendered with what `article`'s card shows (for the page cache)."""
    tag_page(context.get("request"), *card_tags(article), cacheable=False)
    return ""
