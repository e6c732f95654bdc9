from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Migrate every datastore: the shell's registry and each BFF's private database."

    def handle(self, *args, **options):
        for alias in settings.DATABASES:
            self.stdout.write(f"migrating {alias}")
            call_command("migrate", database=alias, interactive=False, verbosity=0)
