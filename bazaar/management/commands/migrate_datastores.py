from django.conf import settings
from django.core.management import BaseCommand, call_command

from bazaar.db import create_database


class Command(BaseCommand):
    help = (
        "Create (PostgreSQL: when missing) and migrate every datastore of this process: the "
        "shell's registry and each BFF's private database, or one BFF's alone "
        "(DJANGO_SETTINGS_MODULE=bazaar.bff_settings BAZAAR_BFF=<name>)."
    )

    def handle(self, *args, **options):
        for alias, config in settings.DATABASES.items():
            if config.get("ENGINE", "").endswith(".dummy"):
                continue  # a BFF process's unusable ``default``
            if create_database(config):
                self.stdout.write(f"created database {config['NAME']}")
            self.stdout.write(f"migrating {alias}")
            call_command("migrate", database=alias, interactive=False, verbosity=0)
