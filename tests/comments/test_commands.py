from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def aged(article, days, **fields):
    return make_comment(article, created_at=timezone.now() - timedelta(days=days), **fields)


def test_purge_spam_deletes_only_old_spam_and_says_how_many():
    article = make_article()
    aged(article, 40, status="spam", body="قديم 1")
    aged(article, 31, status="spam", body="قديم 2")
    recent = aged(article, 5, status="spam", body="حديث")
    kept = [aged(article, 60, status=status, body=status) for status in ("approved", "rejected", "pending")]
    assert "would be deleted" in run("purge_spam", "--older-than", "30", "--dry-run")
    assert Comment.objects.count() == 6
    assert "Deleted 2 spam comment(s) older than 30 days." in run("purge_spam", "--older-than", "30")
    assert set(Comment.objects.values_list("pk", flat=True)) == {recent.pk, *(c.pk for c in kept)}


def test_purge_spam_needs_a_sensible_age():
    with pytest.raises(CommandError):
        call_command("purge_spam", "--older-than", "-1")
    with pytest.raises(CommandError):
        call_command("purge_spam")


def test_anonymize_blanks_ip_and_user_agent_of_old_comments_only():
    article = make_article()
    old = aged(article, 400, ip_address="192.0.2.1", user_agent="Mozilla/5.0", status="approved")
    new = aged(article, 10, ip_address="192.0.2.2", user_agent="Mozilla/5.0")
    assert "Anonymised 1 comment(s)" in run("anonymize_comments", "--older-than", "365")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent, old.status, old.body) == (None, "", "approved", "تعليق مفيد.")
    assert (new.ip_address, new.user_agent) == ("192.0.2.2", "Mozilla/5.0")
    assert "Anonymised 0 comment(s)" in run("anonymize_comments", "--older-than", "365")
