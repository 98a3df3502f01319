"""Start-up behaviour, run as real processes with a production-like environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_server_without_secret_key_refuses_to_start_and_says_why():
    result = run("import newsroom.wsgi")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert run("import newsroom.asgi").returncode != 0


def test_production_server_with_a_secret_key_starts():
    assert run("import newsroom.wsgi", DJANGO_SECRET_KEY="a-long-random-production-key").returncode == 0


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = run("from django.core.management import call_command; import django; django.setup(); "
                 "call_command('makemigrations', '--check', '--dry-run')",
                 DJANGO_SETTINGS_MODULE="newsroom.settings")  # fmt: skip
    assert result.returncode == 0, result.stderr


def settings_under(**env):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'caches': {k: v['BACKEND'] for k, v in s.CACHES.items()}, 'sessions': s.SESSION_ENGINE, "
        "'databases': sorted(s.DATABASES), 'replicas': s.DATABASE_REPLICAS, "
        "'media': s.STORAGES['default']['BACKEND'], "
        "'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS']}))"
    )
    result = run(code, DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_SECRET_KEY="k", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_redis_one_process_keeps_everything_in_memory_and_sessions_in_the_database():
    found = settings_under(REDIS_URL="", DATABASE_REPLICA_URL="", MEDIA_STORAGE="")
    assert found["caches"] == {"default": "django.core.cache.backends.locmem.LocMemCache"}
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["databases"] == ["default"] and found["health_checks"] is True
    assert found["media"] == "django.core.files.storage.FileSystemStorage"


def test_production_settings_come_from_the_environment():
    found = settings_under(
        REDIS_URL="redis://127.0.0.1:6379/5",
        DATABASE_REPLICA_URL="postgres://a@127.0.0.1:5433/n, postgres://b@127.0.0.1:5435/n",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
    )
    assert set(found["caches"].values()) == {"newsroom.cache.FailSafeRedisCache"}
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["replicas"] == ["replica_1", "replica_2"]
    assert found["media"] == "newsroom.storage.MediaStorage"


def test_object_storage_without_a_bucket_says_what_is_missing():
    result = run(
        "import newsroom.wsgi", DJANGO_SECRET_KEY="k", MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME=""
    )
    assert result.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in result.stderr


# The production environment of docs/security.md, behind one TLS-terminating reverse proxy.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "kx8-uD2q9VbW4nR7tYc1LmZ3pF6sH0gJ5aE8iO2wQ4eT7yU1oP9zX3vB6nM8lK0j",
    "DJANGO_ALLOWED_HOSTS": "news.example.ma",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}
DEPLOY_CHECK = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


def test_deploy_check_passes_in_the_documented_production_environment():
    result = run(DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_deploy_check_catches_a_production_environment_that_turns_https_off():
    result = run(DEPLOY_CHECK, **PRODUCTION, DJANGO_HSTS_SECONDS="0", DJANGO_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr
