"""Read replicas against a real streaming replica: pg_basebackup of the test server (:5432) on :5433.

The replica replays the primary's test database, so the tests write on the primary (committed:
transactional tests), wait until the replica has replayed it, and count the queries each server got.
"""

import time

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from newsroom import replicas
from tests.factories import make_article, make_user
from tests.servers import clusters, database_alias, psql, wait_until

pytestmark = pytest.mark.postgres

REPLICA = "replica_1"
REPLICA_SERVER = "postgres://postgres@127.0.0.1:5433/postgres"

replica_test = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """`replica_1`: the test database, read through the streaming replica's own server."""
    primary = connections.settings["default"]
    if primary["ENGINE"] != "django.db.backends.postgresql" or str(primary["PORT"]) != "5432":
        pytest.skip("needs the suite on PostgreSQL at 127.0.0.1:5432, which the replica follows")
    clusters("replica")
    with database_alias(REPLICA, PORT=5433) as alias:
        yield alias


@pytest.fixture(autouse=True)
def _replica_settings(settings, replica_alias):
    settings.DATABASE_REPLICAS = [replica_alias]
    settings.REPLICA_CHECK_SECONDS = 0  # check on every request: each test sets the replica's state
    replicas.health.forget()
    yield
    replicas.health.forget()


def replayed_everything():
    """Wait until the replica has replayed every write the primary has made so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    query = f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"
    wait_until(lambda: psql(REPLICA_SERVER, query) == "t", timeout=30, message="the replica did not catch up")


def received_everything():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (lsn,) = cursor.fetchone()
    query = f"SELECT pg_last_wal_receive_lsn() >= '{lsn}'::pg_lsn"
    wait_until(lambda: psql(REPLICA_SERVER, query) == "t", timeout=30, message="the replica received nothing")


class Queries:
    """Queries each server got inside the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections[REPLICA]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@replica_test
def test_a_public_page_is_read_from_the_replica(client):
    article = make_article(headline_ar="خبر يُقرأ من النسخة المتماثلة")
    replayed_everything()
    with Queries() as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and "خبر يُقرأ من النسخة المتماثلة" in response.text
    assert len(queries.replica) > 1  # the health check, then the page
    assert len(queries.primary) == 0


@replica_test
def test_the_admin_and_writes_use_the_primary(client):
    article = make_article()
    client.force_login(make_user("chief", is_staff=True, is_superuser=True))
    replayed_everything()
    with Queries() as queries:
        assert client.get("/admin/articles/article/").status_code == 200
        assert client.get(f"/preview/{article.pk}/").status_code == 200
        posted = client.post(
            f"/articles/{article.pk}/comment/", {"name": "قارئ", "email": "r@example.com", "body": "تعليق."}
        )
    assert posted.status_code == 302
    assert len(queries.replica) == 0
    assert article.comments.count() == 1


@replica_test
def test_after_writing_a_client_reads_its_own_writes_from_the_primary_for_a_while(client):
    article = make_article()
    replayed_everything()
    posted = client.post(
        f"/articles/{article.pk}/comment/", {"name": "قارئ", "email": "r@example.com", "body": "تعليق."}
    )
    pin = posted.cookies[replicas.PIN_COOKIE]
    assert int(pin["max-age"]) == 10 and pin["httponly"]
    with Queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(queries.replica) == 0 and len(queries.primary) > 0
    client.cookies[replicas.PIN_COOKIE] = str(int(time.time()) - 1)  # the window is over
    with Queries() as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert len(queries.replica) > 0 and len(queries.primary) == 0


@pytest.mark.slow
@replica_test
def test_a_replica_that_stops_mid_request_is_replaced_by_the_primary(client, settings, caplog):
    settings.REPLICA_CHECK_SECONDS = 3600  # healthy at the first request, and not checked again
    article = make_article()
    replayed_everything()
    assert client.get(article.get_absolute_url()).status_code == 200
    clusters("stop", "replica")
    try:
        with CaptureQueriesContext(connections["default"]) as on_primary:
            assert client.get(article.get_absolute_url()).status_code == 200  # run again on the primary
        assert "Replica replica_1 failed" in caplog.text
        assert len(on_primary) > 0
        assert client.get("/").status_code == 200
        assert connections[REPLICA].connection is None  # skipped now, not even connected to
    finally:
        clusters("replica")


@pytest.mark.slow
@replica_test
def test_a_lagging_replica_is_skipped_and_the_reader_sees_the_latest_article(client, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 0
    replayed_everything()
    psql(REPLICA_SERVER, "SELECT pg_wal_replay_pause()")
    try:
        article = make_article(headline_ar="خبر لم تُعده النسخة المتماثلة بعد")
        received_everything()  # on the replica's disk, not yet replayed: the replica lags
        with Queries() as queries:
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200 and "خبر لم تُعده النسخة المتماثلة بعد" in response.text
        assert len(queries.replica) == 1  # the lag check alone
    finally:
        psql(REPLICA_SERVER, "SELECT pg_wal_replay_resume()")
