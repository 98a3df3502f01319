"""The sitemap index, as `django.contrib.sitemaps.views.index` but with locations on SITE_URL
whatever host the request came on (Django's takes the request's host) and no `lastmod` (the
sections give none: the latest of a section would mean reading all of it)."""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse


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
