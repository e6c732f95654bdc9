from django.core.management import BaseCommand

from shell.registry.models import App
from shell.registry.selectors import revision_summary
from shell.registry.state import current_revision


class Command(BaseCommand):
    help = "List micro-apps, their versions, and who gets which release (canaries included)."

    def handle(self, *args, **options):
        head = current_revision()
        summary = revision_summary(head) if head else {"releases": {}, "canaries": {}}
        self.stdout.write(f"current revision: {head.number if head else 'none'}")
        for app in App.objects.prefetch_related("releases"):
            versions = [r.version for r in app.releases.order_by("created_at")]
            live = summary["releases"].get(app.name)
            status = f"live {live}" if live else "not deployed"
            canary = summary["canaries"].get(app.name)
            if canary:
                status += f", canary {canary['version']} to {canary['percent']}%"
            self.stdout.write(f"{app.name:<28} {status:<40} versions: {', '.join(versions)}")
