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

Ports: every one is the base ``BAZAAR_STACK_PORT_BASE`` (8000) plus its part's offset
(``PORT_PARTS``), unless the part's own variable sets it, so a second stack (beside
``make dev``, or another checkout's) moves as a whole with one variable. They are checked
before anything starts: a port in use stops the start with its number and its variable.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bazaar import cors
from bazaar.discovery import discover_bffs

ROOT = Path(__file__).resolve().parent.parent
HUB_ROLES = ("trigger.py", "listener.py", "worker.py")  # eventhub.registry's conventions
CORS_METHODS = ", ".join(cors.ALLOW_METHODS)
CORS_HEADERS = ", ".join(cors.ALLOW_HEADERS)


PORT_BASE = "BAZAAR_STACK_PORT_BASE"
DEFAULT_PORT_BASE = 8000
# Each part of the stack listens on the base plus its offset, unless its own variable is set;
# the shell replicas, the BFFs (in name order; their second replicas 20 above) and the hub
# workers (``live`` first, then the BFFs') count up from their part's port.
PORT_PARTS = {  # Ports field: (offset from the base, its own variable, what listens)
    "shop": (0, "BAZAAR_STACK_SHOP_PORT", "the shop's front"),
    "idp": (1, "BAZAAR_STACK_IDP_PORT", "the dev OpenID provider"),
    "shells": (10, "BAZAAR_STACK_SHELL_PORT", "a shell replica"),
    "gateway": (100, "BAZAAR_STACK_GATEWAY_PORT", "the BFF gateway"),
    "first_bff": (110, "BAZAAR_STACK_BFF_PORT", "a BFF"),
    "first_ops": (200, "BAZAAR_STACK_OPS_PORT", "a hub worker's ops port"),
}


def _variable(part: str) -> str:
    return PORT_PARTS[part][1]


class PortError(RuntimeError):
    """The stack's ports cannot all be bound: the message names each port and its variable."""


def _setting(environ: Mapping[str, str], name: str, default: int, *, lowest: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < lowest:
        raise PortError(f"{name} must be a whole number from {lowest}; it is {value!r}")
    return int(value)


@dataclass
class Unit:
    """One process of the stack: ``health`` is where it says it is ready; ``ports`` what it
    listens on, each with the variable that sets it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    health: str | None = None
    ports: tuple[tuple[int, str], ...] = ()


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

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Ports:
        """The base (``BAZAAR_STACK_PORT_BASE``) plus each part's offset, or the part's own
        variable; the shop's also from ``BAZAAR_PORT`` (``make distributed PORT=…``), and
        ``BAZAAR_SHELL_REPLICAS`` shell replicas (2)."""
        base = _setting(environ, PORT_BASE, DEFAULT_PORT_BASE, lowest=1)
        found = {}
        for part, (offset, variable, _) in PORT_PARTS.items():
            default = base + offset
            if part == "shop":
                default = _setting(environ, "BAZAAR_PORT", default, lowest=1)
            found[part] = _setting(environ, variable, default, lowest=1)
        replicas = _setting(environ, "BAZAAR_SHELL_REPLICAS", 2, lowest=1)
        found["shells"] = tuple(found["shells"] + i for i in range(replicas))
        return cls(**found)


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
            # As every process reads it: unset is production (make distributed says dev).
            "BAZAAR_ENV": os.environ.get("BAZAAR_ENV", "production"),
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
                ((self.ports.idp, _variable("idp")),),
            )
        ]
        for i, port in enumerate(self.ports.shells, start=1):
            found.append(
                Unit(
                    f"shell-{i}",
                    self._daphne(port, "shell.asgi:application"),
                    {**shell, "BAZAAR_REPLICA": f"shell-{i}"},
                    f"http://{self.host}:{port}/healthz",
                    ((port, _variable("shells")),),
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
                        ((port, _variable("first_bff")),),
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
                (
                    (self.ports.shop, _variable("shop")),
                    (self.ports.gateway, _variable("gateway")),
                ),
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
        health = f"http://{self.host}:{port}/healthz"
        return Unit(f"worker-{name}", argv, env, health, ((port, _variable("first_ops")),))

    # --- its ports ------------------------------------------------------------------------
    def port_plan(self) -> list[tuple[int, str, str]]:
        """``(port, unit, the variable that sets it)`` for every port the stack listens on,
        in start order (HAProxy's two fronts each named)."""
        what = {variable: what for _, variable, what in PORT_PARTS.values()}
        return [
            (
                port,
                unit.name if len(unit.ports) == 1 else f"{unit.name}: {what[variable]}",
                variable,
            )
            for unit in self.units()
            for port, variable in unit.ports
        ]

    def check_ports(self) -> None:
        """Raises ``PortError`` naming each port that is out of range, planned twice, or in
        use on this machine, with the variable that moves it; binds nothing for long."""
        plan = self.port_plan()
        problems = [
            f"  {port} ({unit}): not a port; set {variable}"
            for port, unit, variable in plan
            if not 0 < port < 65536
        ]
        owners: dict[int, str] = {}
        for port, unit, variable in plan:
            if port in owners:
                problems.append(
                    f"  {port} ({unit}): planned for {owners[port]} too; set {variable}"
                )
            owners.setdefault(port, unit)
        if not problems:
            for port, unit, variable in plan:
                reason = port_in_use(self.host, port)
                if reason:
                    problems.append(f"  {port} ({unit}): {reason}; set {variable}")
        if problems:
            raise PortError(
                f"The distributed stack cannot start: ports it needs on {self.host}\n"
                + "\n".join(problems)
                + f"\n{PORT_BASE} moves every port at once (each is the base, {DEFAULT_PORT_BASE}"
                " by default, plus an offset), or set each port's own variable."
            )

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


def port_in_use(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (another process listens there, say), or
    None. Binds as daphne, HAProxy and the workers do (``SO_REUSEADDR``), so a port left in
    TIME_WAIT by a stack just stopped counts as free."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        return f"cannot resolve {host}: {error}"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return "in use by another process"
            return error.strerror or str(error)
    return None


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
        """Checks every port first (``PortError``: nothing has started), then writes the
        load balancer's configuration and runs the set-up steps."""
        self.stack.check_ports()
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


def missing_secrets(environ: Mapping[str, str]) -> list[str]:
    """What a production stack (``BAZAAR_ENV`` unset or anything but ``dev``, the rule of
    every process) lacks: the secrets its processes refuse to start without."""
    if environ.get("BAZAAR_ENV") == "dev":
        return []
    missing = [
        name for name in ("DJANGO_SECRET_KEY", "BAZAAR_OIDC_CLIENT_SECRET") if not environ.get(name)
    ]
    if not (environ.get("BAZAAR_DEPLOY_TOKEN") or environ.get("BAZAAR_DEPLOY_TOKENS")):
        missing.append("BAZAAR_DEPLOY_TOKEN (or BAZAAR_DEPLOY_TOKENS)")
    return missing


def stack_from_env(environ: Mapping[str, str]) -> Stack:
    """The stack ``make distributed`` starts, as the environment configures it."""
    prefix = environ.get("BAZAAR_STACK_PREFIX", "").strip() or "bazaar"
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", prefix):
        raise SystemExit(f"BAZAAR_STACK_PREFIX: {prefix!r} is not a lower-case name (a-z, 0-9, _)")
    return Stack(
        data_dir=Path(environ.get("BAZAAR_DISTRIBUTED_DIR", ROOT / "var" / "distributed")),
        ports=Ports.from_env(environ),
        bff_replicas=parse_replicas(environ.get("BAZAAR_BFF_REPLICAS", "")),
        pg_url=environ.get("BAZAAR_PG_URL", "postgresql://postgres@127.0.0.1:5432"),
        redis_url=environ.get("BAZAAR_REDIS_URL", "redis://127.0.0.1:6379/0"),
        hub_redis_url=environ.get("BAZAAR_HUB_REDIS_URL", ""),
        prefix=prefix,
        releases_dir=Path(environ["BAZAAR_RELEASES_DIR"])
        if environ.get("BAZAAR_RELEASES_DIR")
        else None,
    )


def free_base(environ: Mapping[str, str]) -> int | None:
    """A ``BAZAAR_STACK_PORT_BASE`` above the current one on which every port of the stack
    (the other settings as they are) is free, if there is one."""
    base = _setting(environ, PORT_BASE, DEFAULT_PORT_BASE, lowest=1)
    for candidate in range(base + 1000, 60001, 1000):
        try:
            stack_from_env({**environ, PORT_BASE: str(candidate)}).check_ports()
        except PortError:
            continue
        return candidate
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "config", "ports"])
    args = parser.parse_args()
    try:
        stack = stack_from_env(os.environ)
    except PortError as error:
        sys.exit(str(error))
    if args.command == "config":
        print(stack.haproxy_config())
        return
    if args.command == "ports":
        for port, unit, variable in stack.port_plan():
            print(f"{port:>5}  {unit:<28} {variable}")
        return
    missing = missing_secrets(os.environ)
    if missing:
        sys.exit(
            f"BAZAAR_ENV is {os.environ.get('BAZAAR_ENV', 'unset')!r}, which means production: "
            f"set {', '.join(missing)} (or BAZAAR_ENV=dev for a development stack, as "
            "make distributed does)"
        )
    try:
        stack.check_ports()  # before anything starts
    except PortError as error:
        base = free_base(os.environ)
        hint = f"\nFree now: {PORT_BASE}={base} make distributed" if base else ""
        sys.exit(f"{error}{hint}")
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
