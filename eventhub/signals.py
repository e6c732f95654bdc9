"""In-process wake-ups: a commit with new outbox rows wakes the relay at once instead of at
its next poll (the poll still runs, for rows committed by other processes)."""

from __future__ import annotations

import threading

relay_wanted = threading.Event()


def wake_relay() -> None:
    relay_wanted.set()
