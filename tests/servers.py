"""Real servers for fault tests and bench/faults.py: PostgreSQL clusters, Redis, gunicorn, all on loopback."""

import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.db import connections

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLUSTERS = ROOT / ".ci" / "postgres-clusters"
SCRATCH_URL = "postgres://postgres@127.0.0.1:5434/newsroom_scale_faults"


def wait_until(check, *, timeout, message):
    """Poll `check` until it is true; fail with `message` after `timeout` seconds (a bound, not a
    measurement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise TimeoutError(message)


def clusters(command, name=None, timeout=180):
    """Run .ci/postgres-clusters (make, start, stop or restart the replica or scratch cluster)."""
    arguments = [str(CLUSTERS), command, *([name] if name else [])]
    result = subprocess.run(arguments, capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def psql(url, sql):
    result = subprocess.run(
        ["psql", url, "-XAtqc", sql], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode:
        raise RuntimeError(f"psql {url}: {result.stderr}")
    return result.stdout.strip()


@contextmanager
def database_alias(alias, **settings_dict):
    """A database connection `alias` added for the block, a mirror of the test database (nothing is
    flushed there), for transactional tests that list it in their databases. Use it from a
    module-scoped fixture, so it exists before pytest-django sets up each test."""
    default = connections.settings["default"]
    connections.settings[alias] = {
        **default,
        **settings_dict,
        "TEST": {**default["TEST"], "MIRROR": "default"},
    }
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


# --- Redis -------------------------------------------------------------------------------------


class RedisServer:
    """A throw-away redis-server on its own port, which tests may stop and start again."""

    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def cli(self, *arguments):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *arguments], capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    def ping(self):
        return self.cli("ping") == "PONG"

    def calls(self, command):
        """How many times `command` (lower case: "mget") was run since the server started."""
        found = re.search(rf"cmdstat_{command}:calls=(\d+)", self.cli("info", "commandstats"))
        return int(found.group(1)) if found else 0

    def caches(self):
        """CACHES with this server as the default cache, as production configures it."""
        return {
            "default": {
                "BACKEND": "newsroom.cache.FailSafeRedisCache",
                "LOCATION": self.url,
                "OPTIONS": {"FALLBACK": "local"},
            }
        }

    def start(self):
        if self.ping():
            return self
        subprocess.run(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "yes", "--pidfile", f"/tmp/newsroom-redis-{self.port}.pid",
             "--logfile", f"/tmp/newsroom-redis-{self.port}.log"],
            check=True,
        )  # fmt: skip
        wait_until(self.ping, timeout=10, message=f"redis-server on :{self.port} did not start")
        return self

    def stop(self):
        self.cli("shutdown", "nosave")
        wait_until(lambda: not self.ping(), timeout=10, message=f"redis-server on :{self.port} did not stop")


# --- The site under gunicorn -------------------------------------------------------------------


def site_environment(database_url, *, redis_url="", **extra):
    """A production environment (DEBUG off) for manage.py and gunicorn, on loopback."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        DJANGO_SECRET_KEY="fault-test-secret-key-not-for-production",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback, as behind the TLS proxy of docs/deployment.md.
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SSL_REDIRECT="0",
        DJANGO_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        STATIC_ROOT=str(ROOT / "var" / "fault-static"),
        MEDIA_ROOT=str(ROOT / "var" / "fault-media"),
    )
    environment.update(extra)
    return environment


def manage(environment, *arguments, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


EDITOR_SCRIPT = """
from django.contrib.auth.models import User
editor, _ = User.objects.get_or_create(username="editor")
editor.is_staff = editor.is_superuser = True
editor.set_password({password!r})
editor.save()
"""
DRAFT_SCRIPT = """
from articles import workflow
from articles.models import Region
article = workflow.create_article(by=None, headline_ar={headline!r}, lead_ar="مقدمة.", body_ar="<p>نص.</p>",
                                  region=Region.objects.top_level().first())
print(article.pk)
"""


def create_editor(environment, password):
    """A superuser `editor` with `password` in the site's database."""
    manage(environment, "shell", "-c", EDITOR_SCRIPT.format(password=password))


def create_draft(environment, headline):
    """A draft in a top-level region, written through the workflow; returns its id (text)."""
    output = manage(environment, "shell", "--no-imports", "-c", DRAFT_SCRIPT.format(headline=headline))
    return output.split()[-1]


def prepare_site(environment):
    """Create the throw-away database afresh, migrate and fill it (demo content); collect static files.

    Made anew on every run: a database left by another checkout may hold migrations this one does not
    know (a column this code never fills), and `migrate` never takes those back."""
    url = environment["DATABASE_URL"]
    server, name = url.rsplit("/", 1)
    psql(f"{server}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f"{server}/postgres", f'CREATE DATABASE "{name}"')
    manage(environment, "migrate", "--noinput")
    manage(environment, "load_demo")
    manage(environment, "collectstatic", "--noinput")  # unchanged files are skipped; new ones must be in


class AppServer:
    """gunicorn with the project's gunicorn.conf.py on 127.0.0.1:`port`."""

    def __init__(self, port, environment, *, workers=2):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.environment = {
            **environment,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
        }
        # Gunicorn's access log on stdout; its own log and the app's (Django logs to stderr) on stderr.
        self.access_log = ROOT / "var" / f"gunicorn-{port}-access.log"
        self.error_log_path = ROOT / "var" / f"gunicorn-{port}-error.log"
        self.process = None

    def answers(self):
        try:
            return requests.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def start(self):
        with open(self.access_log, "w") as stdout, open(self.error_log_path, "w") as stderr:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py")],
                cwd=ROOT, env=self.environment, stdout=stdout, stderr=stderr,
            )  # fmt: skip
        wait_until(self.answers, timeout=60, message=f"gunicorn on :{self.port} did not start")
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)

    def error_log(self):
        return self.error_log_path.read_text(errors="replace")
