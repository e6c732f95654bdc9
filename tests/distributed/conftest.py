"""The distributed stack for the tests: the same units ``make distributed`` starts
(stack/), each its own process, on the machine's PostgreSQL (databases of their own,
dropped afterwards) and a Redis of the test's own.

Why a Redis of its own: one of the tests restarts Redis, and the hub's Redis must keep what it
is given across a restart (``appendonly yes``), which the machine's shared service (started
without persistence, and used by other tests at the same time) does not. It is the machine's
``redis-server``, started on a free port with a data folder of the test's. PostgreSQL and
``redis-server`` missing fail these tests: they are never skipped.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis

from stack.ports import Ports
from stack.supervisor import Supervisor
from stack.units import Stack
from tests.live import LiveServer, free_port

PG_URL = "postgresql://postgres@127.0.0.1:5432"


@dataclass
class RedisServer:
    port: int
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(binary).exists():
            pytest.fail("redis-server is needed for the distributed tests (Debian: redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail("the test's redis-server did not start")
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            try:
                redis.Redis.from_url(self.url).shutdown()  # writes the append-only file
            except redis.ConnectionError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def restart(self, *, down_seconds: float = 1.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


@dataclass
class Distributed:
    stack: Stack
    supervisor: Supervisor
    redis: RedisServer
    shop: LiveServer  # the shop through the load balancer, as a browser sees it

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.stack.ports.shells[i - 1]}"


def _require_postgres() -> None:
    try:
        psycopg.connect(f"{PG_URL}/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed at {PG_URL} for the distributed tests: {error}")


@pytest.fixture(scope="package")  # stopped when the distributed tests are done
def distributed(tmp_path_factory) -> Distributed:
    _require_postgres()
    data_dir = tmp_path_factory.mktemp("distributed")
    redis_server = RedisServer(free_port(), data_dir / "redis")
    redis_server.folder.mkdir()
    redis_server.start()
    bffs = Stack(data_dir=data_dir).bffs
    ports = Ports(  # every process on a free port of its own
        shop=free_port(),
        idp=free_port(),
        gateway=free_port(),
        shells=(free_port(), free_port()),
        bff={
            name: (free_port(), free_port()) if name == "catalog" else (free_port(),)
            for name in bffs
        },
        ops={name: free_port() for name in ["live", *bffs]},
    )
    stack = Stack(
        data_dir=data_dir,
        ports=ports,
        pg_url=PG_URL,
        redis_url=redis_server.url,
        prefix=f"bazaar_t{uuid.uuid4().hex[:8]}",
        extra_env={
            "BAZAAR_FULFILMENT_DELAYS": "1,1,1",
            "BAZAAR_APP_TIMEOUT_MS": "5000",
            "BAZAAR_HUB_CLAIM_IDLE_MS": "3000",
            "BAZAAR_LIVE_LOG_SIZE": "10000",
        },
    )
    supervisor = Supervisor(stack)
    try:
        supervisor.setup()
        supervisor.start_all()
    except BaseException:
        supervisor.stop_all()
        redis_server.stop()
        stack.drop_databases()
        raise
    env = stack.env()
    shop = LiveServer(url=stack.shop_url, idp_url=stack.idp_url, env=env, data_dir=data_dir)
    yield Distributed(stack, supervisor, redis_server, shop)
    supervisor.stop_all()
    redis_server.stop()
    stack.drop_databases()
