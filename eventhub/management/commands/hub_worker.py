import signal
import threading

from django.core.management import BaseCommand, CommandError

from bazaar.ops import serve_in_thread
from eventhub.registry import units
from eventhub.worker import Worker


class Command(BaseCommand):
    help = (
        "Run the event hub worker (relay every BFF's outbox, feed every listener, run timed "
        "work) as its own process. The embedded mode runs it inside the web process already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--drain", action="store_true", help="stop once nothing is left to do")
        parser.add_argument(
            "--groups",
            default="",
            help="only these listener groups, comma-separated (e.g. cart,live); without "
            "--relay, the outboxes' relays and timed work run elsewhere",
        )
        parser.add_argument(
            "--relay", action="store_true", help="with --groups: also relay and run timed work"
        )
        parser.add_argument(
            "--ops-port",
            type=int,
            default=0,
            help="serve /healthz and /metrics of this worker on 127.0.0.1:PORT (or "
            "--ops-host), as every web process does",
        )
        parser.add_argument("--ops-host", default="127.0.0.1")

    def handle(
        self,
        *args,
        drain: bool = False,
        groups: str = "",
        relay: bool = False,
        ops_port: int = 0,
        ops_host: str = "127.0.0.1",
        **options,
    ):
        found = units()
        if groups:
            try:
                found = found.split([g for g in groups.split(",") if g], relay=relay)
            except ValueError as error:
                raise CommandError(str(error)) from error
        worker = Worker(found=found)
        if drain:
            worker.drain(timeout=300)
            return
        if ops_port:
            serve_in_thread(ops_host, ops_port)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        worker.run(stop)
