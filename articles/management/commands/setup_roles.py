from django.core.management.base import BaseCommand

from articles.roles import ROLES, ensure_roles


class Command(BaseCommand):
    help = "Create or repair the Journalist and Editor groups and their permissions (idempotent)."

    def handle(self, *args, **options):
        changed = ensure_roles()
        for name in ROLES:
            state = "repaired or created" if name in changed else "already correct"
            self.stdout.write(f"{name}: {len(ROLES[name])} permissions, {state}.")
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {len(changed)} changed."))
