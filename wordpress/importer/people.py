"""WordPress authors → bylines (`authors.Author`), matched on login, then e-mail; login accounts
only when asked, and never with a usable password."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from authors.models import Author

from ..models import ImportedItem
from .ledger import digest

KIND = ImportedItem.Kind.AUTHOR


class People:
    def __init__(self, context):
        self.context = context
        self._by_login = {}  # login → Author pk
        self._authors = {}  # Author pk → Author, read once per run

    def author(self, record):
        """Bring in one `records.Author`; returns its Author pk."""
        context, value = self.context, digest(record)
        known = context.ledger.get(KIND, record.login)
        if known and known.digest == value and known.object_id:
            self._by_login[record.login] = known.object_id
            context.report.count("authors", "unchanged")
            return known.object_id
        author = Author.objects.filter(pk=known.object_id).first() if known and known.object_id else None
        state = "updated" if author else "imported"
        author = author or self._match(record)
        if author is None:
            author = Author(name_ar=_name(record))
            state = "imported"
        elif not author.user_id and not author.name_ar:
            author.name_ar = _name(record)
        if context.options.create_users and not author.user_id:
            author.user = self._account(record)
        author.save()
        context.ledger.record(KIND, record.login, object_id=author.pk, digest=value)
        context.addresses.point(context.old_paths.author_paths(record), author)
        context.report.count("authors", state)
        self._by_login[record.login] = author.pk
        return author.pk

    def _match(self, record):
        """An Author this newsroom already has for the WordPress user: same login, then e-mail."""
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: record.login}).first()
        if user is None and record.email:
            user = User.objects.filter(email__iexact=record.email).first()
        if user is not None:
            return Author.objects.filter(user=user).first() or Author(user=user, name_ar=_name(record))
        if record.email:
            return Author.objects.filter(Q(public_email__iexact=record.email)).first()
        return None

    def _account(self, record):
        User = get_user_model()
        user = User(
            **{User.USERNAME_FIELD: record.login[:150]},
            email=record.email,
            first_name=record.first_name[:150],
            last_name=record.last_name[:150],
            is_active=True,
        )
        user.set_unusable_password()  # staff set their own through a reset
        user.save()
        return user

    def pk_for(self, login):
        return self._by_login.get(login)

    def author_for(self, login):
        """The Author of a WordPress login (None: unknown), read once per run."""
        pk = self._by_login.get(login)
        if pk is None:
            return None
        if pk not in self._authors:
            self._authors[pk] = Author.objects.filter(pk=pk).first()
        return self._authors[pk]


def _name(record):
    full = f"{record.first_name} {record.last_name}".strip()
    return (record.display_name or full or record.login)[:150]
