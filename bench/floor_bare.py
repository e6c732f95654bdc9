"""Floor settings: no middleware at all."""

from bench.floor import *  # noqa: F403

MIDDLEWARE: list[str] = []
