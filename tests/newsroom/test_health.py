"""/healthz and /readyz: for load balancers and deploy scripts, never cached, never personal."""

import pytest

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:8148/0"  # a loopback port of ours with no server on it


def assert_bare(response):
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert response["Content-Type"].startswith("text/plain")


def test_liveness_answers_whatever_host_the_balancer_asks_by(client):
    response = client.get("/healthz", HTTP_HOST="10.1.2.3")  # not in ALLOWED_HOSTS
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert_bare(response)


def test_ready_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert_bare(response)


def test_not_ready_without_the_cache_and_no_details_given(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "newsroom.cache.FailSafeRedisCache", "LOCATION": NOTHING_LISTENS}
    }
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert_bare(response)
    assert client.get("/healthz").status_code == 200  # the process itself is fine
    assert client.get("/").status_code == 200  # and so are the pages
