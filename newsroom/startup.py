import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_to_serve_without_secret_key():
    """Stop a server (gunicorn, uvicorn, runserver: all load the WSGI/ASGI application at start)
    when production settings have no secret key, rather than fail on the first signed cookie."""
    if not settings.DEBUG and not os.environ.get("DJANGO_SECRET_KEY"):
        raise ImproperlyConfigured(settings.MISSING_SECRET_KEY)
