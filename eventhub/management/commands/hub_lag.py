from django.core.management import BaseCommand

from eventhub.hub import get_hub
from eventhub.registry import units


class Command(BaseCommand):
    help = "Show each consumer group's position, lag (events not yet applied) and open faults."

    def handle(self, *args, **options):
        groups = [(listener.group, listener.types) for listener in units().listeners]
        rows = get_hub().lag(groups)
        self.stdout.write(f"{'group':<16}{'position':>10}{'lag':>8}{'faults':>8}")
        for row in rows:
            self.stdout.write(f"{row.group:<16}{row.position!s:>10}{row.lag:>8}{row.faults:>8}")
