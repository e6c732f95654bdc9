"""``python -m stack up`` (what ``make distributed`` runs), ``config`` (the HAProxy
configuration) and ``ports`` (the port plan)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from stack.ports import DEFAULT_PORT_BASE, PORT_BASE, PortError, Ports, setting
from stack.supervisor import Supervisor
from stack.units import ROOT, Stack


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
    base = setting(environ, PORT_BASE, DEFAULT_PORT_BASE, lowest=1)
    for candidate in range(base + 1000, 60001, 1000):
        try:
            stack_from_env({**environ, PORT_BASE: str(candidate)}).check_ports()
        except PortError:
            continue
        return candidate
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description="The distributed mode on one machine.")
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
