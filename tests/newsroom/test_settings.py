"""Start-up behaviour, run as real processes with a production-like environment."""

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
