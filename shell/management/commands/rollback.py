from django.core.management import BaseCommand, CommandError

from bazaar.errors import DomainError
from shell.registry import services
from shell.registry.models import App


class Command(BaseCommand):
    help = "Make an earlier release of a micro-app current again (the previous one by default)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app's name (@bazaar/cart) or slug (cart)")
        parser.add_argument("--to", dest="to_version", help="the version to restore")
        parser.add_argument("--actor", default="cli")

    def handle(self, *args, name, to_version, actor, **options):
        app = App.objects.filter(name=name).first() or App.objects.filter(slug=name).first()
        if app is None:
            raise CommandError(f"no app {name!r}")
        try:
            revision = services.release_rollback(name=app.name, to_version=to_version, actor=actor)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        current = revision.releases.get(app=app)
        self.stdout.write(f"{app.name} is now at {current.version} (revision {revision.number})")
