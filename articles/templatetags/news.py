"""Template helpers of the public site: Moroccan dates, responsive images, navigation."""

from django import template
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation

from articles import dates
from articles.metadata import absolute_url
from articles.models import Region
from images import renditions
from images.html import picture_html

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
def nav_regions():
    """Top-level regions for the site navigation (twelve rows, one indexed query)."""
    return Region.objects.top_level()


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
