from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: login throttling, two-factor authentication and session rules."""

    name = "accounts"
    verbose_name = "حسابات المحررين"

    def ready(self):
        from . import signals  # noqa: F401
