from importlib import import_module, util

from django.conf import settings
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = "Seed the demo data of every BFF that has a seed module (bffs/<name>/seed.py)."

    def handle(self, *args, **options):
        for name in settings.BAZAAR_BFFS:
            if util.find_spec(f"bffs.{name}.seed") is None:
                continue
            result = import_module(f"bffs.{name}.seed").seed()
            self.stdout.write(f"seeded {name}: {result}")
