"""The distributed mode on one machine: every unit of the shop as a process of its own.

``make distributed`` (``python -m stack up``) and the distributed tests start the same
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

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bazaar import cors
from bazaar.discovery import discover_bffs
from eventhub.conventions import ROLE_FILES
from stack import ports as port_plan
from stack.ports import DEFAULT_PORT_BASE, PORT_BASE, PORT_PARTS, PortError, Ports, port_in_use

ROOT = Path(__file__).resolve().parent.parent
# Demo apps taken out of the shop, retired by the deploy (a stack's databases may hold them from
# an older run): checkout became the orders app's /checkout route. As the Makefile's RETIRED_APPS.
RETIRED_APPS = ("@bazaar/checkout",)
CORS_METHODS = ", ".join(cors.ALLOW_METHODS)
CORS_HEADERS = ", ".join(cors.ALLOW_HEADERS)


@dataclass
class Unit:
    """One process of the stack: ``health`` is where it says it is ready; ``ports`` what it
    listens on, each with the variable that sets it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    health: str | None = None
    ports: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        # Its spans say which process made them (bazaar/tracing.py).
        self.env = {**self.env, "BAZAAR_SERVICE": self.name}


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
        retire = [arg for name in RETIRED_APPS for arg in ("--retire", name)]
        deploy = ["deploy_microapp", *manifests, *retire, "--bff-origin", self.gateway_url]
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
                ((self.ports.idp, port_plan.variable("idp")),),
            )
        ]
        for i, port in enumerate(self.ports.shells, start=1):
            found.append(
                Unit(
                    f"shell-{i}",
                    self._daphne(port, "shell.asgi:application"),
                    {**shell, "BAZAAR_REPLICA": f"shell-{i}"},
                    f"http://{self.host}:{port}/healthz",
                    ((port, port_plan.variable("shells")),),
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
                        ((port, port_plan.variable("first_bff")),),
                    )
                )
            if any((self.root / "bffs" / name / role).is_file() for role in ROLE_FILES):
                found.append(self.worker_unit(name))
        found.append(
            Unit(
                "haproxy",
                ["haproxy", "-db", "-f", str(self.data_dir / "haproxy.cfg")],
                env,
                f"{self.shop_url}/healthz",
                (
                    (self.ports.shop, port_plan.variable("shop")),
                    (self.ports.gateway, port_plan.variable("gateway")),
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
        return Unit(f"worker-{name}", argv, env, health, ((port, port_plan.variable("first_ops")),))

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
