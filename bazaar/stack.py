"""The distributed mode on one machine: every unit of the shop as a process of its own.

``make distributed`` (``python -m bazaar.stack up``) and the distributed tests start the same
stack from here: the dev OpenID provider; two shell replicas (``BAZAAR_SHELL_BFFS=none``)
behind HAProxy on the shop's port; each BFF alone (``bazaar.bff_settings``) behind a second
HAProxy front, the BFF gateway, which the micro-apps' manifests point at as an absolute URL
(on the ``BAZAAR_BFF_ORIGINS`` allow-list; the BFFs answer CORS for the shop's origin); a hub
worker per BFF (its relay, its listener group, its timed work) and one for the shell's live
updates. Every process has ``/healthz`` and ``/metrics`` (workers on an ops port).

Engines: PostgreSQL (a database per BFF and one for the shell's registry, sessions and live
log; created by ``migrate_datastores``), Redis as the channel layer and Redis Streams as the
event hub, and a folder the shell replicas share for the published modules. Each is named by
one setting, so pointing the stack at remote engines is a matter of environment:
``BAZAAR_PG_URL``, ``BAZAAR_REDIS_URL`` (the channel layer), ``BAZAAR_HUB_REDIS_URL`` (the
hub; it must keep what it is given: ``appendonly yes``), ``BAZAAR_RELEASES_DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bazaar import cors
from bazaar.discovery import discover_bffs

ROOT = Path(__file__).resolve().parent.parent
HUB_ROLES = ("trigger.py", "listener.py", "worker.py")  # eventhub.registry's conventions
CORS_METHODS = ", ".join(cors.ALLOW_METHODS)
CORS_HEADERS = ", ".join(cors.ALLOW_HEADERS)


@dataclass
class Unit:
    """One process of the stack: ``health`` is where it says it is ready."""

    name: str
    argv: list[str]
    env: dict[str, str]
    health: str | None = None


@dataclass
class Ports:
    shop: int = 8000
    idp: int = 8001
    gateway: int = 8100
    shells: tuple[int, ...] = (8010, 8011)
    first_bff: int = 8110
    first_ops: int = 8200
    # Ports of particular BFFs (one per replica) and workers (``live`` is the shell's),
    # instead of counting up.
    bff: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ops: dict[str, int] = field(default_factory=dict)


@dataclass
class Stack:
    data_dir: Path
    ports: Ports = field(default_factory=Ports)
    pg_url: str = "postgresql://postgres@127.0.0.1:5432"
    redis_url: str = "redis://127.0.0.1:6379/0"
    hub_redis_url: str = ""  # default: redis_url
    prefix: str = "bazaar"  # databases, Redis keys and channel groups carry it
    releases_dir: Path | None = None
    root: Path = ROOT
    extra_env: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    bff_replicas: dict[str, int] = field(default_factory=dict)  # name -> processes (1)

    # --- what runs ----------------------------------------------------------------------
    @property
    def bffs(self) -> list[str]:
        return discover_bffs(self.root / "bffs")

    @property
    def shop_url(self) -> str:
        return f"http://{self.host}:{self.ports.shop}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.ports.gateway}"

    @property
    def idp_url(self) -> str:
        return f"http://{self.host}:{self.ports.idp}"

    def bff_ports(self, name: str) -> tuple[int, ...]:
        """One port per replica of BFF ``name`` (``bff_replicas``, one by default)."""
        if name in self.ports.bff:
            return tuple(self.ports.bff[name])
        first = self.ports.first_bff + self.bffs.index(name)
        return tuple(first + 20 * i for i in range(self.bff_replicas.get(name, 1)))

    def ops_port(self, name: str) -> int:
        """The hub worker of BFF ``name`` (or ``live``, the shell's) serves /healthz here."""
        return self.ports.ops.get(name) or self.ports.first_ops + ["live", *self.bffs].index(name)

    def database_url(self, alias: str) -> str:
        return f"{self.pg_url.rstrip('/')}/{self.prefix}_{alias}"

    def env(self) -> dict[str, str]:
        """What every process of the stack shares."""
        releases = self.releases_dir or self.data_dir / "releases"
        return {
            **os.environ,
            "BAZAAR_ENV": os.environ.get("BAZAAR_ENV", "dev"),
            "PYTHONUNBUFFERED": "1",
            "BAZAAR_DATA_DIR": str(self.data_dir / "db"),
            "BAZAAR_IDP_DATA_DIR": str(self.data_dir / "idp"),
            "BAZAAR_PUBLISH_ROOT": str(releases),
            "BAZAAR_DB_SHELL": self.database_url("shell"),
            **{f"BAZAAR_DB_{name.upper()}": self.database_url(name) for name in self.bffs},
            "REDIS_URL": self.redis_url,
            "BAZAAR_CHANNEL_PREFIX": f"{self.prefix}:asgi",
            "BAZAAR_HUB_URL": self.hub_redis_url or self.redis_url,
            "BAZAAR_HUB_PREFIX": f"{self.prefix}:hub",
            "BAZAAR_HUB_WORKER": "off",
            "BAZAAR_SHELL_BFFS": "none",
            "BAZAAR_BFF_ORIGINS": self.gateway_url,
            "BAZAAR_BFF_PUBLIC_URL": self.gateway_url,
            "BAZAAR_SHELL_ORIGINS": self.shop_url,
            "BAZAAR_OIDC_ISSUER": f"{self.idp_url}/o",
            "IDP_ISSUER": f"{self.idp_url}/o",
            "IDP_SHELL_URLS": self.shop_url,
            **self.extra_env,
        }

    def _manage(self, *args: str) -> list[str]:
        return [sys.executable, str(self.root / "manage.py"), *args]

    def _daphne(self, port: int, application: str) -> list[str]:
        daphne = str(Path(sys.executable).parent / "daphne")
        return [daphne, "-b", self.host, "-p", str(port), application]

    def setup_steps(self) -> list[list[tuple[str, list[str], dict[str, str]]]]:
        """Create and migrate every database, seed the demo, deploy the micro-apps (their
        ``bff`` made absolute: the gateway's origin before each path). Chains of steps: one
        chain's steps run in order, the chains are independent of each other."""
        env = self.env()
        idp = {**env, "DJANGO_SETTINGS_MODULE": "idp.settings"}
        shell = {**env, "DJANGO_SETTINGS_MODULE": "shell.settings"}
        manifests = sorted(str(p) for p in (self.root / "microapps").glob("*/manifest.json"))
        deploy = ["deploy_microapp", *manifests, "--bff-origin", self.gateway_url]
        chains = [
            [
                ("idp: migrate", self._manage("migrate", "--verbosity", "0"), idp),
                ("idp: users", self._manage("seed_idp"), idp),
            ],
            [
                ("shell: databases", self._manage("migrate_datastores"), shell),
                ("shell: deploy", self._manage(*deploy, "--message", "distributed"), shell),
            ],
        ]
        for name in self.bffs:
            bff = self.bff_env(name)
            chains.append(
                [
                    (f"{name}: databases", self._manage("migrate_datastores"), bff),
                    (f"{name}: seed", self._manage("seed_demo"), bff),
                ]
            )
        return chains

    def bff_env(self, name: str) -> dict[str, str]:
        return {**self.env(), "DJANGO_SETTINGS_MODULE": "bazaar.bff_settings", "BAZAAR_BFF": name}

    def units(self) -> list[Unit]:
        env = self.env()
        shell = {**env, "DJANGO_SETTINGS_MODULE": "shell.settings"}
        found = [
            Unit(
                "idp",
                self._daphne(self.ports.idp, "idp.asgi:application"),
                {**env, "DJANGO_SETTINGS_MODULE": "idp.settings"},
                f"{self.idp_url}/o/.well-known/openid-configuration",
            )
        ]
        for i, port in enumerate(self.ports.shells, start=1):
            found.append(
                Unit(
                    f"shell-{i}",
                    self._daphne(port, "shell.asgi:application"),
                    {**shell, "BAZAAR_REPLICA": f"shell-{i}"},
                    f"http://{self.host}:{port}/healthz",
                )
            )
        found.append(self.worker_unit("live"))
        for name in self.bffs:
            for i, port in enumerate(self.bff_ports(name), start=1):
                found.append(
                    Unit(
                        f"bff-{name}" if i == 1 else f"bff-{name}-{i}",
                        self._daphne(port, "bazaar.bff_asgi:application"),
                        self.bff_env(name),
                        f"http://{self.host}:{port}/healthz",
                    )
                )
            if any((self.root / "bffs" / name / role).is_file() for role in HUB_ROLES):
                found.append(self.worker_unit(name))
        found.append(
            Unit(
                "haproxy",
                ["haproxy", "-db", "-f", str(self.data_dir / "haproxy.cfg")],
                env,
                f"{self.shop_url}/healthz",
            )
        )
        return found

    def worker_unit(self, name: str, *, consumer: str | None = None) -> Unit:
        """The hub worker of BFF ``name``, or of the shell's live updates (``live``)."""
        if name == "live":
            env = {**self.env(), "DJANGO_SETTINGS_MODULE": "shell.settings"}
        else:
            env = self.bff_env(name)
        env["BAZAAR_HUB_CONSUMER"] = consumer or f"{name}-worker-1"
        port = self.ops_port(name)
        argv = self._manage("hub_worker", "--ops-port", str(port), "--ops-host", self.host)
        return Unit(f"worker-{name}", argv, env, f"http://{self.host}:{port}/healthz")

    def haproxy_config(self) -> str:
        """The shop's front (round robin over the shell replicas, websockets included) and the
        BFF gateway (by path: ``/bff/<name>/`` to that BFF's process)."""
        shells = "\n".join(
            f"    server shell-{i} {self.host}:{port} check inter 1s"
            for i, port in enumerate(self.ports.shells, start=1)
        )
        routes = "\n".join(
            [self._gateway_rules(name) for name in self.bffs]
            + [f"    use_backend bff-{name} if path_{name}" for name in self.bffs]
        )
        backends = "\n".join(
            f"backend bff-{name}\n    balance roundrobin\n"
            + "".join(
                f"    server {name}-{i} {self.host}:{port} check inter 1s fall 2 rise 1\n"
                for i, port in enumerate(self.bff_ports(name), start=1)
            )
            for name in self.bffs
        )
        return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    option forwardfor
    option http-server-close

frontend shop
    bind {self.host}:{self.ports.shop}
    default_backend shells

backend shells
    balance roundrobin
    option httpchk GET /healthz
{shells}

frontend gateway
    bind {self.host}:{self.ports.gateway}
    http-request set-var(txn.origin) req.hdr(origin)
    acl from_shop req.hdr(origin) -m str {self.shop_url}
{routes}
    default_backend no-bff
    # The gateway's own answers (a BFF down) are readable by the shop's pages too.
    http-after-response set-header Access-Control-Allow-Origin {self.shop_url} if {{ var(txn.origin) -m str {self.shop_url} }} !{{ res.hdr(access-control-allow-origin) -m found }}

backend no-bff
    http-request return status 404 content-type application/json string "{{\\"detail\\": \\"no such BFF\\", \\"code\\": \\"not_found\\"}}"

{backends}"""

    def _gateway_rules(self, name: str) -> str:
        """``/bff/<name>/`` goes to its process; while none is up, the gateway answers for it:
        preflights from the shop pass, and requests get a 503 with ``Retry-After`` that the
        page can read (its outbox keeps commands and retries; reads come from its cache)."""
        down = f"path_{name} down_{name}"
        body = json.dumps(
            {"detail": f"the {name} BFF is unavailable; try again shortly", "code": "unavailable"}
        )
        return f"""    acl path_{name} path_beg /bff/{name}/
    acl down_{name} nbsrv(bff-{name}) eq 0
    http-request return status 204 hdr Access-Control-Allow-Origin {self.shop_url} hdr Access-Control-Allow-Methods "{CORS_METHODS}" hdr Access-Control-Allow-Headers "{CORS_HEADERS}" if METH_OPTIONS from_shop {down}
    http-request return status 503 content-type application/json string {json.dumps(body)} hdr Retry-After 5 if {down}"""

    def write_config(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        (self.data_dir / "haproxy.cfg").write_text(self.haproxy_config())

    def drop_databases(self) -> None:
        """Drop the stack's databases (tests clean up after themselves)."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(f"{self.pg_url.rstrip('/')}/postgres", autocommit=True) as db:
            for alias in ["shell", *self.bffs]:
                name = f"{self.prefix}_{alias}"
                db.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


class Supervisor:
    """Starts the stack's units, waits for each to be ready, and stops them; a unit can be
    stopped, killed and started again on its own (what the distributed tests do)."""

    def __init__(self, stack: Stack, *, log_dir: Path | None = None, echo: bool = False) -> None:
        self.stack = stack
        self.log_dir = log_dir or stack.data_dir / "logs"
        self.echo = echo
        self.running: dict[str, subprocess.Popen] = {}
        self.units = {unit.name: unit for unit in stack.units()}

    def setup(self) -> None:
        self.stack.write_config()
        with ThreadPoolExecutor(max_workers=4) as pool:
            for failure in pool.map(self._run_chain, self.stack.setup_steps()):
                if failure:
                    raise RuntimeError(failure)

    def _run_chain(self, chain: list[tuple[str, list[str], dict[str, str]]]) -> str | None:
        for label, argv, env in chain:
            if self.echo:
                print(f"[setup] {label}", flush=True)
            result = subprocess.run(
                argv, cwd=self.stack.root, env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                return f"{label} failed:\n{result.stdout}{result.stderr}"
        return None

    def start(
        self, name: str, *, unit: Unit | None = None, timeout: float = 60, wait: bool = True
    ) -> None:
        unit = unit or self.units[name]
        self.units[name] = unit
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        if self.echo:
            process = subprocess.Popen(
                unit.argv,
                cwd=self.stack.root,
                env=unit.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                preexec_fn=_die_with_parent,
            )
            threading.Thread(target=_echo, args=(name, process), daemon=True).start()
        else:
            with open(log_path, "a") as log:
                process = subprocess.Popen(
                    unit.argv,
                    cwd=self.stack.root,
                    env=unit.env,
                    stdout=log,
                    stderr=log,
                    preexec_fn=_die_with_parent,
                )
        self.running[name] = process
        if unit.health and wait:
            self.wait_ready(name, timeout=timeout)

    def wait_ready(self, name: str, *, timeout: float = 60) -> None:
        unit, process = self.units[name], self.running[name]
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(unit.health, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = self.log_dir / f"{name}.log"
                tail = log.read_text()[-4000:] if log.exists() else ""
                raise RuntimeError(f"{name} did not become ready:\n{tail}")
            time.sleep(0.2)

    def start_all(self) -> None:
        """Everything at once, then each waited for (the load balancer last)."""
        for name in self.units:
            if name != "haproxy":
                self.start(name, wait=False)
        for name in list(self.running):
            if self.units[name].health:
                self.wait_ready(name, timeout=90)
        self.start("haproxy")

    def stop(self, name: str, *, kill: bool = False) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a connection kept daphne's shutdown waiting
            process.kill()
            process.wait(timeout=10)

    def stop_all(self) -> None:
        """All at once: each gets SIGTERM, and SIGKILL if it is not gone in 10 s."""
        processes = [self.running.pop(name) for name in reversed(list(self.running))]
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _die_with_parent() -> None:
    """Linux: the unit gets SIGTERM when the supervisor dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _echo(name: str, process: subprocess.Popen) -> None:
    for line in process.stdout:
        print(f"{name:>16} | {line}", end="", flush=True)


def parse_replicas(value: str) -> dict[str, int]:
    """``catalog=2,cart=3``: how many processes serve each BFF named (one by default)."""
    replicas = {}
    for entry in filter(None, (e.strip() for e in value.split(","))):
        name, _, count = entry.partition("=")
        if not count.isdigit() or int(count) < 1:
            raise SystemExit(f"BAZAAR_BFF_REPLICAS: {entry!r} is not name=count")
        replicas[name.strip()] = int(count)
    return replicas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "config"])
    args = parser.parse_args()
    port = int(os.environ.get("BAZAAR_PORT", "8000"))
    stack = Stack(
        data_dir=Path(os.environ.get("BAZAAR_DISTRIBUTED_DIR", ROOT / "var" / "distributed")),
        ports=Ports(
            shop=port,
            shells=tuple(
                8010 + i for i in range(int(os.environ.get("BAZAAR_SHELL_REPLICAS", "2")))
            ),
        ),
        bff_replicas=parse_replicas(os.environ.get("BAZAAR_BFF_REPLICAS", "")),
        pg_url=os.environ.get("BAZAAR_PG_URL", "postgresql://postgres@127.0.0.1:5432"),
        redis_url=os.environ.get("BAZAAR_REDIS_URL", "redis://127.0.0.1:6379/0"),
        hub_redis_url=os.environ.get("BAZAAR_HUB_REDIS_URL", ""),
        releases_dir=Path(os.environ["BAZAAR_RELEASES_DIR"])
        if os.environ.get("BAZAAR_RELEASES_DIR")
        else None,
    )
    if args.command == "config":
        print(stack.haproxy_config())
        return
    if shutil.which("haproxy") is None:
        sys.exit("haproxy is needed (Debian: apt-get install haproxy)")
    supervisor = Supervisor(stack, echo=True)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        supervisor.setup()
        supervisor.start_all()
        print(
            f"\nBazaar (distributed): {stack.shop_url}/  (BFF gateway {stack.gateway_url}, "
            f"dev OpenID provider {stack.idp_url}; Ctrl-C stops all)\n",
            flush=True,
        )
        while not stopping.wait(1):
            for name, process in list(supervisor.running.items()):
                if process.poll() is not None:
                    print(f"{name} exited with {process.returncode}", flush=True)
                    supervisor.running.pop(name)
    except KeyboardInterrupt:
        pass
    finally:
        supervisor.stop_all()


if __name__ == "__main__":
    main()
