"""The stack's ports: each part listens on ``BAZAAR_STACK_PORT_BASE`` plus its offset, unless
its own variable sets it; checked before anything starts."""

from __future__ import annotations

import errno
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field

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


def variable(part: str) -> str:
    return PORT_PARTS[part][1]


class PortError(RuntimeError):
    """The stack's ports cannot all be bound: the message names each port and its variable."""


def setting(environ: Mapping[str, str], name: str, default: int, *, lowest: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < lowest:
        raise PortError(f"{name} must be a whole number from {lowest}; it is {value!r}")
    return int(value)


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
        base = setting(environ, PORT_BASE, DEFAULT_PORT_BASE, lowest=1)
        found = {}
        for part, (offset, variable, _) in PORT_PARTS.items():
            default = base + offset
            if part == "shop":
                default = setting(environ, "BAZAAR_PORT", default, lowest=1)
            found[part] = setting(environ, variable, default, lowest=1)
        replicas = setting(environ, "BAZAAR_SHELL_REPLICAS", 2, lowest=1)
        found["shells"] = tuple(found["shells"] + i for i in range(replicas))
        return cls(**found)


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
