import getpass

from django.core.management import BaseCommand, CommandError

from bazaar.errors import DomainError
from shell.registry import services
from shell.registry.models import App


class Command(BaseCommand):
    help = (
        "End an app's canary (started with `deploy_microapp --canary PERCENT`): promote it to "
        "everyone, or abort it."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app: its short name (cart) or specifier")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--promote", action="store_true", help="give it to everyone")
        action.add_argument("--abort", action="store_true", help="take it back")
        parser.add_argument("--actor", default=None, help="who, for the audit log")

    def handle(self, *args, name, promote, abort, actor, **options):
        app = App.objects.filter(slug=name).first() or App.objects.filter(name=name).first()
        if app is None:
            raise CommandError(f"no app {name!r}")
        command = services.canary_promote if promote else services.canary_abort
        try:
            revision = command(name=app.name, actor=actor or f"cli:{getpass.getuser()}")
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        verb = "promoted" if promote else "aborted"
        self.stdout.write(f"{app.name}: canary {verb}; current revision: {revision.number}")
