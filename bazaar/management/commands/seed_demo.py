import inspect
from importlib import import_module, util

from django.conf import settings
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = (
        "Seed the demo data of every BFF of this process that has a seed module "
        "(bffs/<name>/seed.py): all of them in the shell, one with bazaar.bff_settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products",
            type=int,
            help="how many products the catalog gets (216 by default; e.g. 10000 for a bench)",
        )

    def handle(self, *args, **options):
        for name in settings.BAZAAR_BFFS:
            if util.find_spec(f"bffs.{name}.seed") is None:
                continue
            seed = import_module(f"bffs.{name}.seed").seed
            wanted = {"products": options["products"]} if options["products"] else {}
            accepted = {k: v for k, v in wanted.items() if k in inspect.signature(seed).parameters}
            result = seed(**accepted)
            self.stdout.write(f"seeded {name}: {result}")
