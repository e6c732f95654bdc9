"""The distributed stack's ports come from the environment: one base
(``BAZAAR_STACK_PORT_BASE``) moves them all, each part has a variable of its own, and a port
in use stops ``make distributed`` before anything starts, naming the port and its variable.
So the stack runs beside ``make dev`` (8000, 8001) and beside another checkout's stack.

The port plan is checked as data and against real listeners; ``python -m stack up``
(what ``make distributed`` runs) is started for real while every default port is taken,
beside the distributed tests' own stack (sharing its Redis, with names of its own).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest

from stack.cli import stack_from_env
from stack.ports import PORT_BASE, PORT_PARTS, PortError, Ports
from stack.units import ROOT, Stack
from tests.distributed.conftest import PG_URL, Distributed, _require_postgres

VARIABLES = {part: variable for part, (_, variable, _) in PORT_PARTS.items()}


def plan(environ: dict[str, str]) -> dict[str, int]:
    """``{unit: port}`` of the stack the environment describes (HAProxy's two fronts apart)."""
    return {unit: port for port, unit, _ in stack_from_env(environ).port_plan()}


def bffs() -> list[str]:
    return Stack(data_dir=Path("unused")).bffs


def default_plan() -> dict[str, int]:
    """The ports the stack has always used, and still does with nothing set."""
    found = {
        "haproxy: the shop's front": 8000,
        "idp": 8001,
        "shell-1": 8010,
        "shell-2": 8011,
        "haproxy: the BFF gateway": 8100,
        "worker-live": 8200,
    }
    stack = Stack(data_dir=Path("unused"))
    for i, name in enumerate(bffs()):
        found[f"bff-{name}"] = 8110 + i
        if f"worker-{name}" in {unit.name for unit in stack.units()}:
            found[f"worker-{name}"] = 8201 + i
    return found


# --- the plan, as data ------------------------------------------------------------------


def test_with_nothing_set_the_ports_are_the_documented_defaults():
    assert Ports.from_env({}) == Ports()
    assert plan({}) == default_plan()


def test_one_base_moves_every_port():
    moved = plan({PORT_BASE: "9000"})
    assert moved == {unit: port + 1000 for unit, port in default_plan().items()}


@pytest.mark.parametrize("part", list(PORT_PARTS))
def test_each_part_has_a_variable_of_its_own(part):
    environ = {PORT_BASE: "20000", VARIABLES[part]: "30000"}
    ports = Ports.from_env(environ)
    for other, (offset, _, _) in PORT_PARTS.items():
        value = getattr(ports, other)
        first = value[0] if isinstance(value, tuple) else value
        assert first == (30000 if other == part else 20000 + offset), other


def test_the_parts_that_count_up_count_from_their_own_port():
    moved = plan(
        {
            PORT_BASE: "20000",
            "BAZAAR_STACK_SHELL_PORT": "21000",
            "BAZAAR_STACK_BFF_PORT": "22000",
            "BAZAAR_STACK_OPS_PORT": "23000",
            "BAZAAR_SHELL_REPLICAS": "3",
        }
    )
    assert [moved[f"shell-{i}"] for i in (1, 2, 3)] == [21000, 21001, 21002]
    assert [moved[f"bff-{name}"] for name in bffs()] == list(range(22000, 22000 + len(bffs())))
    assert moved["worker-live"] == 23000
    stack = stack_from_env({PORT_BASE: "20000", "BAZAAR_BFF_REPLICAS": "catalog=2"})
    first = 20110 + bffs().index("catalog")
    assert stack.bff_ports("catalog") == (first, first + 20)


def test_the_shops_port_also_comes_from_bazaar_port_and_its_own_variable_wins():
    """``make distributed PORT=9000`` passes ``BAZAAR_PORT``, as ``make dev`` does."""
    assert Ports.from_env({PORT_BASE: "20000", "BAZAAR_PORT": "9000"}).shop == 9000
    both = {"BAZAAR_PORT": "9000", "BAZAAR_STACK_SHOP_PORT": "9500"}
    assert Ports.from_env(both).shop == 9500


def test_make_passes_the_shops_port_only_when_it_is_given():
    def command(*args: str, **env: str) -> str:
        dry = subprocess.run(
            ["make", "-n", "distributed", *args],
            cwd=ROOT,
            env={**{k: v for k, v in os.environ.items() if k != "PORT"}, **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return next(line for line in dry.splitlines() if "stack up" in line)

    assert "BAZAAR_PORT" not in command()  # the base decides
    assert "BAZAAR_PORT=9000 " in command("PORT=9000")
    assert "BAZAAR_PORT=9100 " in command(PORT="9100")


@pytest.mark.parametrize("value", ["nine", "-1", "0", "8000.5"])
@pytest.mark.parametrize("variable", [PORT_BASE, "BAZAAR_STACK_IDP_PORT", "BAZAAR_PORT"])
def test_a_value_that_is_not_a_port_is_refused_naming_its_variable(variable, value):
    with pytest.raises(PortError, match=variable):
        Ports.from_env({variable: value})


def test_a_plan_beyond_the_last_port_is_refused_naming_the_variables():
    stack = stack_from_env({PORT_BASE: "65400"})
    with pytest.raises(PortError) as refused:
        stack.check_ports()
    assert re.search(
        r"65600 \(worker-live\): not a port; set BAZAAR_STACK_OPS_PORT", str(refused.value)
    )
    assert PORT_BASE in str(refused.value)


def test_two_parts_on_one_port_are_refused_naming_both():
    stack = stack_from_env({PORT_BASE: "20000", "BAZAAR_STACK_IDP_PORT": "20100"})
    with pytest.raises(PortError) as refused:
        stack.check_ports()
    message = str(refused.value)
    assert "20100 (haproxy: the BFF gateway): planned for idp too" in message, message


# --- the plan against this machine ---------------------------------------------------------


def listen(port: int, host: str = "127.0.0.1") -> socket.socket | None:
    """A listener of this test's on ``port``; None when something else has it already."""
    sock = socket.socket()
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        return None
    sock.listen()
    return sock


@contextlib.contextmanager
def default_ports_taken():
    """Every port of the default plan held by a listener (this test's, or whatever already
    had it: ``make dev`` on 8000 and 8001, say)."""
    held = [listen(port) for port in default_plan().values()]
    try:
        yield
    finally:
        for sock in held:
            if sock is not None:
                sock.close()


def free_base(**environ: str) -> int:
    """A base below the ephemeral ports (which other tests' servers take) on which the
    whole plan is free."""
    for base in random.sample(range(10_000, 30_000, 500), 40):
        try:
            stack_from_env({**environ, PORT_BASE: str(base)}).check_ports()
        except PortError:
            continue
        return base
    pytest.fail("no free range of ports for a stack")


def test_a_port_in_use_is_named_with_its_unit_and_variable():
    base = free_base()
    taken = listen(base + 100)
    assert taken is not None
    with taken:
        with pytest.raises(PortError) as refused:
            stack_from_env({PORT_BASE: str(base)}).check_ports()
    message = str(refused.value)
    assert (
        f"{base + 100} (haproxy: the BFF gateway): in use by another process; "
        "set BAZAAR_STACK_GATEWAY_PORT" in message
    ), message
    assert PORT_BASE in message
    stack_from_env({PORT_BASE: str(base)}).check_ports()  # free again


def databases(prefix: str) -> list[str]:
    with psycopg.connect(f"{PG_URL}/postgres", connect_timeout=5) as db:
        rows = db.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"])
        return [name for (name,) in rows]


def stack_command(environ: dict[str, str], log: Path) -> subprocess.Popen:
    """``python -m stack up``, what ``make distributed`` runs."""
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "stack", "up"],
            cwd=ROOT,
            env={**os.environ, **environ},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_make_distributed_stops_before_starting_anything_when_a_port_is_taken(tmp_path):
    _require_postgres()
    prefix = f"bazaar_p{uuid.uuid4().hex[:8]}"
    environ = {
        "BAZAAR_DISTRIBUTED_DIR": str(tmp_path / "stack"),
        "BAZAAR_STACK_PREFIX": prefix,
        "BAZAAR_PG_URL": PG_URL,
    }
    with default_ports_taken():
        process = stack_command(environ, tmp_path / "up.log")
        assert process.wait(timeout=60) == 1
    output = (tmp_path / "up.log").read_text()
    assert "8001 (idp): in use by another process; set BAZAAR_STACK_IDP_PORT" in output, output
    assert "8000 (haproxy: the shop's front)" in output and PORT_BASE in output, output
    assert re.search(rf"Free now: {PORT_BASE}=\d+ make distributed", output), output
    assert "[setup]" not in output  # nothing ran: no database, no configuration
    assert not (tmp_path / "stack" / "haproxy.cfg").exists()
    assert databases(prefix) == []


# --- a real start, on a base of its own, while every default port is taken ----------------


def get(url: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_make_distributed_runs_on_the_ports_its_base_gives_while_the_defaults_are_taken(
    distributed: Distributed, tmp_path
):
    """A second stack beside the tests' own (and beside whatever holds 8000…), its every
    unit on the base's ports: its pages, its gateway, its sign-in and its workers answer
    there, and each link between units (the OpenID issuer, the gateway's origin in the
    manifests and in the catalog's image links) follows the base."""
    prefix = f"bazaar_p{uuid.uuid4().hex[:8]}"
    environ = {
        "BAZAAR_DISTRIBUTED_DIR": str(tmp_path / "stack"),
        "BAZAAR_STACK_PREFIX": prefix,
        "BAZAAR_PG_URL": PG_URL,
        "BAZAAR_REDIS_URL": distributed.redis.url,  # keys under its own prefix
        "BAZAAR_SHELL_REPLICAS": "1",
        "BAZAAR_ENV": "dev",
    }
    environ[PORT_BASE] = str(free_base(**environ))
    stack = stack_from_env(environ)
    log = tmp_path / "up.log"
    with default_ports_taken():
        process = stack_command(environ, log)
        try:
            deadline = time.monotonic() + 240
            while "Bazaar (distributed):" not in log.read_text():
                assert process.poll() is None, log.read_text()[-6000:]
                assert time.monotonic() < deadline, log.read_text()[-6000:]
                time.sleep(0.5)
            assert f"Bazaar (distributed): {stack.shop_url}/" in log.read_text()
            base = int(environ[PORT_BASE])
            assert (stack.ports.shop, stack.ports.idp) == (base, base + 1)

            for unit in stack.units():  # each on its planned port
                status, body, _ = get(unit.health)
                assert status == 200, (unit.name, unit.health, body[:300])
            page = get(stack.shop_url + "/")[1]
            assert f'"bff": "{stack.gateway_url}/bff/catalog/api"'.encode() in page
            status, body, _ = get(stack.gateway_url + "/bff/catalog/api/products")
            assert status == 200, body[:300]
            assert json.loads(body)["items"][0]["image_url"].startswith(stack.gateway_url + "/")
            opener = urllib.request.build_opener(NoRedirect)
            with pytest.raises(urllib.error.HTTPError) as sign_in:
                opener.open(stack.shop_url + "/oidc/authenticate/?next=/", timeout=15)
            assert sign_in.value.code == 302
            assert sign_in.value.headers["Location"].startswith(f"{stack.idp_url}/o/")
            # The tests' own stack, beside it, is untouched.
            assert get(distributed.stack.shop_url + "/healthz")[0] == 200
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            stack.drop_databases()
    assert databases(prefix) == []
    stack.check_ports()  # every unit gone: its ports are free again
