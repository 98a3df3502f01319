"""Template helpers of the public site: Moroccan dates, responsive images, navigation."""

from django import template
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation

from articles import dates
from articles.metadata import absolute_url
from articles.models import Region
from articles.pagetags import card_tags
from articles.renditions import renditions, srcset
from newsroom.pagecache import tag_page

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


@register.inclusion_tag("includes/picture.html")
def picture(image_field, alt="", sizes="100vw", loading="lazy", css_class=""):
    """A <picture> of `image_field`'s WebP and JPEG renditions, or nothing without an image."""
    image = renditions(image_field)
    if not image:
        return {"image": None}
    largest = image["jpeg"][-1]
    return {
        "image": image,
        "webp_srcset": srcset(image["webp"]),
        "jpeg_srcset": srcset(image["jpeg"]),
        "src": largest["url"],
        "width": largest["width"],
        "height": round(image["height"] * largest["width"] / image["width"]),
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


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


@register.simple_tag(takes_context=True)
def page_tags(context, article):
    """Tag the page being rendered with what `article`'s card shows (for the page cache)."""
    tag_page(context.get("request"), *card_tags(article), cacheable=False)
    return ""
