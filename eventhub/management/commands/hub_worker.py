import signal
import threading

from django.core.management import BaseCommand

from eventhub.worker import Worker


class Command(BaseCommand):
    help = (
        "Run the event hub worker (relay every BFF's outbox, feed every listener, run timed "
        "work) as its own process. The embedded mode runs it inside the web process already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--drain", action="store_true", help="stop once nothing is left to do")

    def handle(self, *args, drain: bool = False, **options):
        worker = Worker()
        if drain:
            worker.drain(timeout=300)
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        worker.run(stop)
