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
