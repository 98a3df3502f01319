"""A new gunicorn worker warms itself (newsroom.warmup, from gunicorn.conf.py's post_worker_init)
before its first request. Run in a child process with production settings, as a worker is: the
test runner's own connections are not a worker's."""

import json
import subprocess
import sys

from tests.servers import ROOT, site_environment

WORKER = """
import django, json
django.setup()
from django.db import connection
from django.template import engines
from newsroom.warmup import warm_up
import gc
warm_up()
loader = engines["django"].engine.template_loaders[0]
connected = connection.connection is not None
frozen = gc.get_freeze_count()
print(json.dumps({"templates": sorted(loader.get_template_cache), "connected": connected, "frozen": frozen}))
"""


def warm_worker(database_url, tmp_path):
    environment = {**site_environment(database_url), "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    environment["STATIC_ROOT"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", WORKER], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_warmed_worker_has_its_templates_compiled_and_its_database_connected(tmp_path):
    warmed = warm_worker(f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path)
    for name in ("base.html", "articles/article_detail.html", "includes/article_card.html", "404.html"):
        assert name in warmed["templates"], name
    assert warmed["connected"]


def test_a_warmed_worker_leaves_its_startup_objects_out_of_garbage_collections(tmp_path):
    warmed = warm_worker(f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path)
    # Django's modules, the URL patterns and the templates, which a full collection then skips.
    assert warmed["frozen"] > 50_000


def test_a_database_that_is_down_does_not_stop_a_worker_from_starting(tmp_path):
    warmed = warm_worker("postgres://postgres@127.0.0.1:1/nothing", tmp_path)  # nothing listens
    assert not warmed["connected"]
    assert "base.html" in warmed["templates"]
