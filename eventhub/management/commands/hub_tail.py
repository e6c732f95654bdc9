import json
import time

from django.core.management import BaseCommand

from eventhub.hub import get_hub


class Command(BaseCommand):
    help = "Print the newest events on the hub (one JSON envelope a line); --follow keeps going."

    def add_arguments(self, parser):
        parser.add_argument("-n", "--lines", type=int, default=20)
        parser.add_argument("--type", action="append", default=[], help="only this event type")
        parser.add_argument("-f", "--follow", action="store_true")

    def handle(self, *args, lines: int, type: list[str], follow: bool, **options):
        hub = get_hub()
        seen: set[str] = set()
        while True:
            for event in hub.tail(lines if not seen else 500, types=type):
                if event["id"] not in seen:
                    seen.add(event["id"])
                    self.stdout.write(json.dumps(event, separators=(",", ":")))
            if not follow:
                return
            self.stdout.flush()
            time.sleep(0.5)
