from django.conf import settings


def site(request):
    """The site's name for every page's <title> and og:site_name (settings.SITE_NAME)."""
    return {"site_name": settings.SITE_NAME}
