"""The embedded hub: a durable event log in its own SQLite file (WAL), no server needed.

One append-only ``events`` table in publish order (publish order is per-partition order),
one position per consumer group, the faults, and a queue of resubmitted faults per group.
Every process and thread opens its own connection; SQLite serialises the writers.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from bazaar.models import now_ms
from eventhub.backends.base import Batch, Delivery, FaultRecord, GroupLag, Hub, fault_event

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL,
    stored_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_type_seq ON events (type, seq);
CREATE TABLE IF NOT EXISTS groups (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    error TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    resolved_at INTEGER
);
CREATE TABLE IF NOT EXISTS redeliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_name TEXT NOT NULL,
    seq INTEGER NOT NULL,
    fault_id INTEGER NOT NULL
);
"""


class SqliteHub(Hub):
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._db.executescript(SCHEMA)

    # --- connections ---------------------------------------------------------------------
    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across crashes of the app
            self._local.db = db
        return db

    def _write(self):
        hub = self

        class _Tx:
            def __enter__(self):
                hub._db.execute("BEGIN IMMEDIATE")
                return hub._db

            def __exit__(self, exc_type, *exc):
                hub._db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # --- publishing ----------------------------------------------------------------------
    def publish(self, envelopes: Sequence[dict[str, Any]]) -> int:
        stored = now_ms()
        rows = [
            (
                e["id"],
                e["type"],
                e["partitionKey"],
                e["timestamp"],
                e["tags"]["source"],
                json.dumps(e, separators=(",", ":")),
                stored,
            )
            for e in envelopes
        ]
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO events (id, type, partition_key, timestamp, source, body,"
                " stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return db.total_changes - before

    # --- consuming -----------------------------------------------------------------------
    def _position(self, group: str) -> int:
        row = self._db.execute("SELECT position FROM groups WHERE name = ?", (group,)).fetchone()
        return row[0] if row else 0

    def read(self, group: str, types: Collection[str], limit: int) -> Batch:
        db = self._db
        redelivered = db.execute(
            "SELECT r.fault_id, e.seq, e.body FROM redeliveries r JOIN events e ON e.seq = r.seq"
            " WHERE r.group_name = ? ORDER BY r.id LIMIT ?",
            (group, limit),
        ).fetchall()
        if redelivered:
            return Batch(
                [Delivery(seq, json.loads(body), fault_id=fid) for fid, seq, body in redelivered],
                end=None,
            )
        types = sorted(types)
        position = self._position(group)
        head = db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        if head <= position:
            return Batch([], end=None)
        marks = ",".join("?" * len(types))
        rows = db.execute(
            f"SELECT seq, body FROM events WHERE seq > ? AND seq <= ? AND type IN ({marks})"
            " ORDER BY seq LIMIT ?",
            (position, head, *types, limit),
        ).fetchall()
        deliveries = [Delivery(seq, json.loads(body)) for seq, body in rows]
        end = head if len(rows) < limit else rows[-1][0]
        return Batch(deliveries, end=end)

    def ack(self, group: str, batch: Batch, done: int) -> None:
        acked = batch.deliveries[:done]
        with self._write() as db:
            resubmitted = [d.fault_id for d in acked if d.fault_id is not None]
            if resubmitted:
                marks = ",".join("?" * len(resubmitted))
                db.execute(f"DELETE FROM redeliveries WHERE fault_id IN ({marks})", resubmitted)
                db.execute(
                    f"UPDATE faults SET resolved_at = ? WHERE id IN ({marks})",
                    (now_ms(), *resubmitted),
                )
            if batch.end is None:
                return
            if done == len(batch.deliveries):
                position = batch.end
            elif done:
                position = acked[-1].position
            else:
                return
            self._move(db, group, position)

    def _move(self, db: sqlite3.Connection, group: str, position: int) -> None:
        db.execute(
            "INSERT INTO groups (name, position, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET position = max(position, excluded.position),"
            " updated_at = excluded.updated_at",
            (group, position, now_ms()),
        )

    # --- faults --------------------------------------------------------------------------
    def record_fault(
        self, group: str, delivery: Delivery, error: str, attempts: int
    ) -> FaultRecord:
        envelope = delivery.envelope
        now = now_ms()
        fault = fault_event(group, envelope, error, attempts, now)
        with self._write() as db:
            if delivery.fault_id is not None:  # a resubmitted fault failed again: keep one record
                db.execute("DELETE FROM redeliveries WHERE fault_id = ?", (delivery.fault_id,))
                db.execute(
                    "UPDATE faults SET error = ?, attempts = attempts + ?, created_at = ? WHERE id = ?",
                    (error, attempts, now, delivery.fault_id),
                )
                fault_id = delivery.fault_id
            else:
                cursor = db.execute(
                    "INSERT INTO faults (group_name, seq, event_id, type, error, attempts,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        group,
                        delivery.position,
                        envelope.get("id", "?"),
                        envelope.get("type", "?"),
                        error,
                        attempts,
                        now,
                    ),
                )
                fault_id = cursor.lastrowid
                self._move(db, group, delivery.position)
        self.publish([fault.to_json()])
        return self._fault(fault_id)

    def _fault(self, fault_id: int) -> FaultRecord:
        row = self._db.execute(
            "SELECT f.id, f.group_name, f.event_id, f.type, f.error, f.attempts, f.created_at,"
            " f.resolved_at, e.body FROM faults f JOIN events e ON e.seq = f.seq WHERE f.id = ?",
            (fault_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no fault {fault_id}")
        *fields, body = row
        return FaultRecord(*fields, envelope=json.loads(body))

    def faults(self, *, include_resolved: bool = False) -> list[FaultRecord]:
        where = "" if include_resolved else "WHERE resolved_at IS NULL"
        ids = [r[0] for r in self._db.execute(f"SELECT id FROM faults {where} ORDER BY id")]
        return [self._fault(i) for i in ids]

    def resubmit(self, fault_id: int | str) -> FaultRecord:
        fault = self._fault(int(fault_id))
        if fault.resolved_at is not None:
            raise ValueError(f"fault {fault_id} is already resolved")
        with self._write() as db:
            pending = db.execute(
                "SELECT 1 FROM redeliveries WHERE fault_id = ?", (fault.id,)
            ).fetchone()
            if not pending:
                seq = db.execute("SELECT seq FROM faults WHERE id = ?", (fault.id,)).fetchone()[0]
                db.execute(
                    "INSERT INTO redeliveries (group_name, seq, fault_id) VALUES (?, ?, ?)",
                    (fault.group, seq, fault.id),
                )
        return fault

    # --- inspection ----------------------------------------------------------------------
    def lag(self, groups: Collection[tuple[str, Collection[str]]]) -> list[GroupLag]:
        result = []
        for group, types in groups:
            position = self._position(group)
            types = sorted(types)
            marks = ",".join("?" * len(types))
            lag = self._db.execute(
                f"SELECT count(*) FROM events WHERE seq > ? AND type IN ({marks})",
                (position, *types),
            ).fetchone()[0]
            faults = self._db.execute(
                "SELECT count(*) FROM faults WHERE group_name = ? AND resolved_at IS NULL",
                (group,),
            ).fetchone()[0]
            result.append(GroupLag(group, position, lag, faults))
        return result

    def tail(self, limit: int, *, types: Collection[str] = ()) -> list[dict[str, Any]]:
        if types:
            marks = ",".join("?" * len(types))
            rows = self._db.execute(
                f"SELECT body FROM events WHERE type IN ({marks}) ORDER BY seq DESC LIMIT ?",
                (*types, limit),
            ).fetchall()
        else:
            rows = self._db.execute(
                "SELECT body FROM events ORDER BY seq DESC LIMIT ?", (limit,)
            ).fetchall()
        return [json.loads(body) for (body,) in reversed(rows)]
