"""A new worker warms itself before it takes its first request.

gunicorn replaces its workers (after `GUNICORN_MAX_REQUESTS`, after a crash, on a reload). A fresh
worker has imported the code but not compiled a template, read the Arabic catalogue, built the URL
resolver or connected to PostgreSQL and Redis: its first readers paid for all of it, and under
load those requests were the whole p99 tail. `warm_up()` runs in gunicorn's `post_worker_init`,
before the worker accepts a connection. It never stops a worker from starting: whatever fails here
(PostgreSQL down, say) is simply done again, as before, by the first request that needs it.
"""

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger("newsroom.warmup")

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml")


def project_template_names(engine):
    """The names of the project's own templates (not Django's admin, which readers never see)."""
    project = Path(settings.BASE_DIR).resolve()
    folders = list(engine.dirs) + (list(get_app_template_dirs("templates")) if engine.app_dirs else [])
    for folder in folders:
        folder = Path(folder).resolve()
        if not folder.is_relative_to(project) or ".venv" in folder.parts:
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                yield path.relative_to(folder).as_posix()


def compile_templates():
    """Compile the project's templates into the cached loader (DEBUG off), which keeps them."""
    for engine in engines.all():
        for name in project_template_names(engine.engine):
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError) as error:
                logger.warning("template %s did not compile: %s", name, error)


def connect_services():
    for alias in connections:
        try:
            connections[alias].ensure_connection()
        except Exception as error:  # a database that is down is the first request's business
            logger.info("database %s not connected at warm-up: %s", alias, error)
    for alias in settings.CACHES:
        try:
            caches[alias].get("warm-up")
        except Exception as error:  # the cache layer already serves without Redis
            logger.info("cache %s not reached at warm-up: %s", alias, error)


def warm_up():
    steps = [build_urls, compile_templates, connect_services]
    for step in steps:
        try:
            step()
        except Exception:  # a warm-up step that fails is done again by the first request
            logger.exception("warm-up step %s failed", step.__name__)
    keep_startup_objects_out_of_collections()


def keep_startup_objects_out_of_collections():
    """What a worker holds once warm (modules, URL patterns, compiled templates: about 110,000
    objects) lives as long as the worker. A full garbage collection walked all of it, 50-90 ms
    measured, while every request queued behind that worker waited: frozen, they are skipped."""
    gc.collect()
    gc.freeze()


def build_urls():
    get_resolver().url_patterns  # noqa: B018 — imports every view module and builds the resolver
    with translation.override(settings.LANGUAGE_CODE):
        reverse("articles:home")  # the reverse lookup tables, per language
        translation.gettext("Search")  # reads the catalogues of every installed app
