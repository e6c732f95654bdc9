"""Live-update delivery: latency and loss at 100, 500 and 1,000 websocket clients.

A daphne process serves ``/ws/live/`` with the Redis channel layer; N clients (one asyncio
loop here) subscribe to ``stock`` and ``registry``. Two publishers alternate, message for
message, in one run:

- the real pipeline: the catalog commits a stock change; the hub worker (a thread of this
  process) relays its ``product-updated``, the live listener appends a ``stock-level`` to the
  topic's log and pushes it after commit; daphne's consumers forward it;
- the floor: a bare Channels ``group_send`` of a message of the same size to the same
  clients (on ``registry``), forwarded by the same consumers.

Latency is measured from the change's timestamp (commit time, resp. send time) to receipt by
each client; loss is messages never received. Needs Redis (REDIS_URL, default
redis://127.0.0.1:6379/0). Goal (issue 7): p99 within 1.5x the floor, zero loss at 1,000.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="bazaar-bench-live-")
PORT = 8765
ENV = {
    **os.environ,
    "BAZAAR_ENV": "dev",
    "BAZAAR_DATA_DIR": DATA,
    "BAZAAR_PUBLISH_ROOT": f"{DATA}/published",
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "DJANGO_SETTINGS_MODULE": "shell.settings",
    "BAZAAR_LOG_LEVEL": "WARNING",
}
os.environ.update(
    {
        k: ENV[k]
        for k in (
            "BAZAAR_ENV",
            "BAZAAR_DATA_DIR",
            "BAZAAR_PUBLISH_ROOT",
            "REDIS_URL",
            "DJANGO_SETTINGS_MODULE",
            "BAZAAR_LOG_LEVEL",
        )
    }
)
os.environ["BAZAAR_HUB_WORKER"] = "off"

import django  # noqa: E402

django.setup()

import websockets  # noqa: E402
from asgiref.sync import async_to_sync  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bazaar.models import now_ms  # noqa: E402
from bffs.catalog import services  # noqa: E402
from bffs.catalog.models import Product  # noqa: E402
from eventhub.worker import Worker  # noqa: E402
from shell.live import log  # noqa: E402
from shell.live.sessions import session_cookie  # noqa: E402
from shell.live.topics import channel_group  # noqa: E402

CLIENT_COUNTS = tuple(int(c) for c in os.environ.get("BENCH_CLIENTS", "100,500,1000").split(","))
MESSAGES = 20  # of each kind, per client count
# The same load on daphne at every client count: websocket frames per second across all
# clients (one daphne process on this 2-core machine, the clients in this process). Above what
# one process can send, every message waits in queues and latency measures only the backlog:
# the first runs here (messages 0.3 s apart whatever the count) saturated at 500 clients.
FRAMES_PER_SECOND = 400
MIN_SPACING_SECONDS = 0.3
DRAIN_SECONDS = 30  # after the last publish, wait this long at most for stragglers


def start_daphne() -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(PORT),
            "shell.asgi:application",
        ],
        cwd=ROOT,
        env={**ENV, "BAZAAR_HUB_WORKER": "off"},
        stdout=subprocess.DEVNULL,
        stderr=open(f"{DATA}/daphne.log", "w"),  # noqa: SIM115 - closed with the process,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("daphne did not start")


COOKIE: list[str] = []  # a shopper's session: the websocket refuses anonymous connections


class Client:
    def __init__(self) -> None:
        self.received: dict[str, list[tuple[int, float]]] = {"stock": [], "registry": []}
        self.ready = asyncio.Event()
        self.subscribed = 0

    async def run(self, stop: asyncio.Event) -> None:
        url = f"ws://127.0.0.1:{PORT}/ws/live/"
        async with websockets.connect(
            url,
            origin=f"http://127.0.0.1:{PORT}",
            additional_headers={"Cookie": COOKIE[0]},
            max_queue=None,
            ping_interval=None,  # as browsers: they answer daphne's pings but send none
        ) as ws:
            await ws.recv()  # hello
            for topic in ("stock", "registry"):
                await ws.send(json.dumps({"type": "subscribe", "topic": topic}))
            while not stop.is_set():
                try:
                    raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
                except TimeoutError:
                    continue
                message = json.loads(raw)
                if message["type"] == "subscribed":
                    self.subscribed += 1
                    if self.subscribed == 2:
                        self.ready.set()
                elif "seq" in message and "at" in message:
                    latency = time.time() * 1000 - message["at"]
                    self.received[message["topic"]].append((message["seq"], latency))


def publish_pipeline(n: int, product_id: str) -> None:
    services.product_update(product_id=product_id, stock=1000 + n, actor="bench")


def publish_floor(seq: int) -> None:
    body = {
        "type": "revision-changed",
        "topic": "registry",
        "seq": seq,
        "at": now_ms(),
        "revision": seq,
    }
    async_to_sync(get_channel_layer().group_send)(
        channel_group("registry"), {"type": "live.messages", "bodies": [body]}
    )


def spacing_for(count: int) -> float:
    """Seconds between two messages (of either kind) for ``count`` clients."""
    return max(MIN_SPACING_SECONDS / 2, count / FRAMES_PER_SECOND) * 2


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else (values or [0])[0]
    )


async def measure(count: int, product_id: str, round_number: int) -> None:
    stop = asyncio.Event()
    clients = [Client() for _ in range(count)]
    tasks = []
    for i in range(0, count, 50):  # connect in waves, as real tabs would
        tasks += [asyncio.create_task(c.run(stop)) for c in clients[i : i + 50]]
        await asyncio.gather(*(c.ready.wait() for c in clients[i : i + 50]))
    registry_head = await asyncio.to_thread(log.head, "registry")
    spacing = spacing_for(count)
    for n in range(MESSAGES):
        await asyncio.to_thread(publish_pipeline, round_number * 1000 + n, product_id)
        await asyncio.sleep(spacing / 2)
        await asyncio.to_thread(publish_floor, registry_head + n + 1)
        await asyncio.sleep(spacing / 2)
    expected = count * MESSAGES * 2
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        if sum(len(c.received["stock"]) + len(c.received["registry"]) for c in clients) >= expected:
            break
        await asyncio.sleep(0.2)
    stop.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [repr(o) for o in outcomes if isinstance(o, BaseException)]
    if failures:
        print(f"  {len(failures)} clients' connections failed, e.g. {failures[0]}")

    for topic, label in (("stock", "pipeline"), ("registry", "floor (bare group_send)")):
        latencies = [lat for c in clients for _, lat in c.received[topic]]
        lost = count * MESSAGES - len(latencies)
        duplicates = sum(
            len(c.received[topic]) - len({s for s, _ in c.received[topic]}) for c in clients
        )
        line = (
            f"  {label:<26} p50 {percentile(latencies, 50):7.1f} ms   p99 {percentile(latencies, 99):7.1f} ms"
            f"   lost {lost}   duplicates {duplicates}"
        )
        print(line)
        if topic == "stock":
            pipeline_p99 = percentile(latencies, 99)
            lost_pipeline = lost
        else:
            floor_p99 = percentile(latencies, 99)
    ratio = pipeline_p99 / floor_p99 if floor_p99 else float("inf")
    print(f"  p99 pipeline / floor       {ratio:.2f}x   (goal <= 1.5x)")
    figures = {"p99_ms": pipeline_p99, "floor_p99_ms": floor_p99, "lost": lost_pipeline}
    print("BENCH " + json.dumps({"live": {str(count): figures}}))


def main() -> None:
    call_command("migrate_datastores", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    COOKIE.append(session_cookie("bench-shopper", "Bench", "Shopper"))
    Worker().drain(timeout=120)
    product_id = Product.objects.order_by("id").values_list("id", flat=True).first()
    daphne = start_daphne()
    stop = threading.Event()
    worker = threading.Thread(target=Worker().run, args=(stop,), daemon=True)
    worker.start()
    try:
        for round_number, count in enumerate(CLIENT_COUNTS, start=1):
            print(
                f"\n{count} websocket clients, {MESSAGES} messages of each kind, "
                f"{count * 2 / spacing_for(count):,.0f} frames/s"
            )
            asyncio.run(measure(count, product_id, round_number))
    finally:
        stop.set()
        daphne.terminate()
        daphne.wait(timeout=30)


if __name__ == "__main__":
    main()
