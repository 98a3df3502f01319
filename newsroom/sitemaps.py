"""The sitemap views: Django's, with locations on SITE_URL whatever host the request came on
(Django's take the request's host), no `lastmod` in the index (the sections give none: the latest
of a section would mean reading all of it), and the pages a section can name remembered whole."""

from django.conf import settings
from django.contrib.sitemaps import views as django_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from newsroom.pagecache.fragments import remembered
from newsroom.pagecache.middleware import content_etag


@x_robots_tag
def index(request, sitemaps, sitemap_url_name="sitemap-section"):
    pages = []
    for section, site in sitemaps.items():
        site = site() if callable(site) else site
        location = settings.SITE_URL + reverse(sitemap_url_name, kwargs={"section": section})
        pages.append(SitemapIndexItem(location))
        pages += [
            SitemapIndexItem(f"{location}?p={number}") for number in range(2, site.paginator.num_pages + 1)
        ]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": pages}, content_type="application/xml")


@x_robots_tag
def sitemap(request, sitemaps, section=None, template_name="sitemap.xml"):
    """A page of one section, as Django's view draws it. A page its section can name (its
    `memory(page)`: a key and the tags that purge it) is drawn once by Django's view and kept
    whole, then served as the stored bytes: a page of 2,000 article URLs is 1.5 MB, and drawing
    it, or even copying it through a template, costs more than reading it."""
    if section is None:  # a view of one section only (the news sitemap)
        section = next(iter(sitemaps)) if len(sitemaps) == 1 else None
    site = sitemaps.get(section)
    site = site() if callable(site) else site
    memory = getattr(site, "memory", None) if settings.FRAGMENT_CACHE_SECONDS > 0 else None
    try:
        named = memory(request.GET.get("p", 1)) if memory else None
    except (EmptyPage, PageNotAnInteger):
        raise Http404(f"No sitemap page {request.GET.get('p')!r}") from None
    if named is None:
        return django_views.sitemap(request, sitemaps, section, template_name)

    def draw():
        response = django_views.sitemap(request, sitemaps, section, template_name).render()
        return response.content, response.get("Last-Modified"), content_etag(response.content)

    key, tags = named
    content, last_modified, etag = remembered(f"{key}:{settings.SITE_URL}", tags, draw)
    response = HttpResponse(content, content_type="application/xml")
    response["ETag"] = etag  # hashed once, not for every reader
    if last_modified:
        response["Last-Modified"] = last_modified
    return response
