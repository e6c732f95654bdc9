from django.core.management import BaseCommand

from shell.models import App
from shell.services import current_revision


class Command(BaseCommand):
    help = "List micro-apps, their versions and which release the current revision uses."

    def handle(self, *args, **options):
        head = current_revision()
        current = {r.app_id: r.version for r in head.releases.all()} if head else {}
        self.stdout.write(f"current revision: {head.number if head else 'none'}")
        for app in App.objects.prefetch_related("releases"):
            versions = [r.version for r in app.releases.order_by("created_at")]
            status = f"live {current[app.pk]}" if app.pk in current else "not deployed"
            self.stdout.write(f"{app.name:<28} {status:<20} versions: {', '.join(versions)}")
