"""Fixtures shared by the page cache's tests."""

import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as it commits: the purges it queued run then, as in production."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    run.capture = django_capture_on_commit_callbacks
    return run
