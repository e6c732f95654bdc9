from django.conf import settings
from django.core.management import BaseCommand, CommandError

from shell.scaffold import KINDS, ScaffoldError, scaffold


class Command(BaseCommand):
    help = (
        "Create a micro-app (microapps/NAME) and its BFF (bffs/NAME) with its first migration, "
        "a listener and a trigger on the event hub, and their tests; nothing else needs editing."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="a Python identifier: lower-case letters, digits, '_'")
        kinds = "; ".join(f"{kind}: {doc}" for kind, doc in KINDS.items())
        parser.add_argument("--kind", required=True, choices=list(KINDS), help=kinds)
        parser.add_argument("--route", help="the app's page (default: /NAME, with '-' for '_')")

    def handle(self, *args, name, kind, route, **options):
        try:
            written = scaffold(name, kind, project=settings.BASE_DIR, route=route)
        except ScaffoldError as exc:
            raise CommandError(str(exc)) from None
        for path in written:
            self.stdout.write(f"created {path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(
            f"\nNext: `make dev` (migrates bffs/{name}'s datastore and deploys every micro-app), "
            f"or on a running shop: `manage.py migrate_datastores` and "
            f"`manage.py deploy_microapp microapps/{name}/manifest.json`."
        )
