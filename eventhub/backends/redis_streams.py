"""The distributed hub: Redis Streams consumer groups, so worker processes on several hosts
share the listener groups. Redis keeps the log, the positions and the pending deliveries;
this module only maps the Hub interface onto it.

One stream, ``<prefix>:events``, in publish order like the SQLite hub's table (so order per
partition key holds), trimmed approximately to ``maxlen``. Publishing is idempotent by
envelope id: a Lua script sets ``<prefix>:id:<id>`` (NX, for a week: the relay republishes
within seconds of a crash) and adds the entry only when the key is new, a relay batch in one
call. Each listener group is a consumer group, each process a consumer (``hostname-pid``).

A group reads, in this order: resubmitted faults; its own pending entries (the ones the
worker failed on and retries, or what this consumer held before a restart under the same
name); entries other consumers left pending longer than ``claim_idle_ms`` (XAUTOCLAIM: they
died); then new entries, only while its own pending ones leave room in the batch, so what it
holds stays bounded. Entries of other types are acknowledged as they are read. An entry of a
partition another consumer still holds an older entry of waits in this consumer's pending
list, so partitions stay in order with several consumers in a group too. Reads go through a
Lua script that answers with one flat array (entry id, body, entry id, body...): redis-py
gets two strings an entry instead of a nested stream reply, and the script acknowledges the
entries of other types where they are read.

A fault is a hash (ids from INCR) indexed by two sorted sets (all, open); the failing
envelope also goes to the ``<prefix>:dead-letter`` stream for whoever watches Redis itself.
The group moves past it (XACK) in the same transaction.

At-least-once across Redis restarts needs a Redis that persists (``appendonly yes``). A group
lost anyway (NOGROUP) is made again at the stream's start, which redelivers whatever is left:
listeners are idempotent. In a Redis Cluster give a hash-tagged prefix (``{bazaar:hub}``):
the scripts and transactions touch several keys. Needs Redis 6.2 or later (XAUTOCLAIM).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

import redis

from bazaar.models import now_ms
from eventhub.backends.base import Batch, Delivery, FaultRecord, GroupLag, Hub, fault_event
from eventhub.backends.redis_scripts import OTHERS_PENDING, PUBLISH, TAKE

log = logging.getLogger("bazaar.eventhub")

SEEN_SECONDS = 7 * 24 * 60 * 60  # 7 days: how long an envelope id is known as a duplicate
# Pending entries of other consumers looked at per delivery of a batch (the order guard);
# beyond that, the rest of the batch waits rather than risk overtaking.
GUARD_SCAN_PER_DELIVERY = 10
COUNT_PAGE = 10_000

T = TypeVar("T")


def _taken(reply: list) -> tuple[str, dict[str, dict[str, Any]], int]:
    """TAKE's reply: the cursor, the envelopes by entry id, how many entries were read."""
    cursor, read, *flat = reply
    envelopes = {flat[i]: json.loads(flat[i + 1]) for i in range(0, len(flat), 2)}
    return cursor, envelopes, int(read)


def _order(entry_id: str) -> tuple[int, int]:
    milliseconds, _, sequence = entry_id.partition("-")
    return int(milliseconds), int(sequence or 0)


class RedisStreamsHub(Hub):
    def __init__(
        self,
        url: str,
        prefix: str = "bazaar:hub",
        claim_idle_ms: int = 30000,
        consumer: str | None = None,
        maxlen: int = 1_000_000,
    ) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self.claim_idle_ms = claim_idle_ms
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}"
        self.maxlen = maxlen
        self.stream = f"{prefix}:events"
        self.dead_letter = f"{prefix}:dead-letter"
        self._publish = self.redis.register_script(PUBLISH)
        self._take = self.redis.register_script(TAKE)
        self._others_pending = self.redis.register_script(OTHERS_PENDING)
        self._scripts = (self._publish, self._take, self._others_pending)
        self._groups: set[str] = set()  # consumer groups known to exist
        self._claim_from: dict[str, str] = {}  # XAUTOCLAIM's cursor per group

    def _key(self, *parts: object) -> str:
        return ":".join((self.prefix, *map(str, parts)))

    def close(self) -> None:
        self.redis.close()

    # --- publishing ----------------------------------------------------------------------
    def publish(self, envelopes: Sequence[dict[str, Any]]) -> int:
        if not envelopes:
            return 0
        keys = [self.stream, *(self._key("id", e["id"]) for e in envelopes)]
        heads = json.dumps([(e["type"], e["partitionKey"]) for e in envelopes], ensure_ascii=False)
        bodies = "\n".join(json.dumps(e, separators=(",", ":")) for e in envelopes)
        return self._publish(keys=keys, args=[SEEN_SECONDS, self.maxlen, heads, bodies])

    # --- consumer groups -----------------------------------------------------------------
    def _create_group(self, group: str) -> None:
        try:
            self.redis.xgroup_create(self.stream, group, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._groups.add(group)

    def _on_group(self, group: str, commands: Callable[[], T]) -> T:
        """Run ``commands`` against ``group``, making the group first if it is new or was lost
        (a Redis restarted without persistence, a deleted stream), and loading the scripts
        again if Redis forgot them."""
        if group not in self._groups:
            self._create_group(group)
        failures = 0
        while True:
            try:
                return commands()
            except redis.ResponseError as error:
                failures += 1
                if failures == 3:
                    raise
                if isinstance(error, redis.exceptions.NoScriptError):
                    for script in self._scripts:
                        script.sha = self.redis.script_load(script.script)
                elif "NOGROUP" in str(error):
                    log.warning("consumer group %s was gone from Redis: made again", group)
                    self._create_group(group)
                else:
                    raise

    # --- consuming -----------------------------------------------------------------------
    def read(self, group: str, types: Collection[str], limit: int) -> Batch:
        wanted = sorted(types)

        def take(pipe, start: str, count: int, idle: int = 0, cursor: str = "0-0") -> None:
            # In a pipeline, EVALSHA without redis-py's script check (a round trip each time):
            # _on_group loads the scripts when Redis reports NOSCRIPT.
            args = (group, self.consumer, count, start, idle, cursor, *wanted)
            pipe.evalsha(self._take.sha, 1, self.stream, *args)

        def own_and_claimed() -> list:
            pipe = self.redis.pipeline(transaction=False)
            pipe.lrange(self._key("resubmitted", group), 0, limit - 1)
            take(pipe, "0", limit)
            take(pipe, "claim", limit, self.claim_idle_ms, self._claim_from.get(group, "0-0"))
            pipe.xpending(self.stream, group)
            return pipe.execute()

        fault_ids, own, claimed, pending = self._on_group(group, own_and_claimed)
        own, claimed = _taken(own), _taken(claimed)
        self._claim_from[group] = claimed[0]
        if fault_ids:
            return Batch(self._resubmitted(group, fault_ids))
        mine = {**own[1], **claimed[1]}
        # New entries only when all of this consumer's pending ones are in this batch: they
        # are older, and what it holds stays bounded.
        if own[2] < limit and len(mine) < limit:

            def new() -> list:
                pipe = self.redis.pipeline(transaction=False)
                take(pipe, ">", limit - len(mine))
                pipe.xpending(self.stream, group)
                return pipe.execute()

            fresh, pending = self._on_group(group, new)
            mine.update(_taken(fresh)[1])
        entries = sorted(mine.items(), key=lambda entry: _order(entry[0]))[:limit]
        others = any(c["name"] != self.consumer and c["pending"] for c in pending["consumers"])
        if others and entries:
            entries = self._in_order(group, entries, limit)
        return Batch([Delivery(entry_id, envelope) for entry_id, envelope in entries])

    def _in_order(
        self, group: str, entries: list[tuple[str, dict[str, Any]]], limit: int
    ) -> list[tuple[str, dict[str, Any]]]:
        """``entries`` less those of a partition another consumer of the group holds an older
        entry of (they stay pending here, for a later read)."""
        keys = {envelope["partitionKey"] for _, envelope in entries}
        args = [group, self.consumer, entries[-1][0], limit * GUARD_SCAN_PER_DELIVERY, *keys]
        scanned_to, *found = self._on_group(
            group, lambda: self._others_pending(keys=[self.stream], args=args)
        )
        oldest: dict[str, tuple[int, int]] = {}
        for entry_id, key in zip(found[::2], found[1::2], strict=True):
            oldest[key] = min(oldest.get(key, _order(entry_id)), _order(entry_id))
        unknown_after = _order(scanned_to) if scanned_to else None
        return [
            (entry_id, envelope)
            for entry_id, envelope in entries
            if _order(entry_id) < oldest.get(envelope["partitionKey"], (float("inf"),))
            and (unknown_after is None or _order(entry_id) <= unknown_after)
        ]

    def _resubmitted(self, group: str, fault_ids: list[str]) -> list[Delivery]:
        pipe = self.redis.pipeline(transaction=False)
        for fault_id in fault_ids:
            pipe.hmget(self._key("fault", fault_id), "position", "envelope")
        deliveries = []
        for fault_id, (position, envelope) in zip(fault_ids, pipe.execute(), strict=True):
            if envelope is None:  # the fault's record is gone: nothing to deliver
                self.redis.lrem(self._key("resubmitted", group), 0, fault_id)
                continue
            deliveries.append(Delivery(position, json.loads(envelope), fault_id=int(fault_id)))
        return deliveries

    def ack(self, group: str, batch: Batch, done: int) -> None:
        acked = batch.deliveries[:done]
        entry_ids = [d.position for d in acked if d.fault_id is None]
        fixed = [d.fault_id for d in acked if d.fault_id is not None]
        if not entry_ids and not fixed:
            return
        now = now_ms()
        pipe = self.redis.pipeline(transaction=True)
        if entry_ids:
            pipe.xack(self.stream, group, *entry_ids)
        for fault_id in fixed:
            pipe.lrem(self._key("resubmitted", group), 0, fault_id)
            pipe.hset(self._key("fault", fault_id), "resolved_at", now)
            pipe.zrem(self._key("faults", "open"), fault_id)
        pipe.execute()

    # --- faults --------------------------------------------------------------------------
    def record_fault(
        self, group: str, delivery: Delivery, error: str, attempts: int
    ) -> FaultRecord:
        envelope = delivery.envelope
        now = now_ms()
        fault = fault_event(group, envelope, error, attempts, now)
        body = json.dumps(envelope, separators=(",", ":"))
        if delivery.fault_id is not None:  # a resubmitted fault failed again: keep one record
            fault_id = int(delivery.fault_id)
            pipe = self.redis.pipeline(transaction=True)
            pipe.lrem(self._key("resubmitted", group), 0, fault_id)
            pipe.hset(self._key("fault", fault_id), mapping={"error": error, "created_at": now})
            pipe.hincrby(self._key("fault", fault_id), "attempts", attempts)
        else:
            fault_id = self.redis.incr(self._key("faults", "seq"))
            record = {
                "group": group,
                "position": delivery.position,
                "event_id": envelope.get("id", "?"),
                "type": envelope.get("type", "?"),
                "error": error,
                "attempts": attempts,
                "created_at": now,
                "envelope": body,
            }
            pipe = self.redis.pipeline(transaction=True)
            pipe.hset(self._key("fault", fault_id), mapping=record)
            pipe.zadd(self._key("faults"), {fault_id: fault_id})
            pipe.zadd(self._key("faults", "open"), {fault_id: fault_id})
            pipe.xack(self.stream, group, delivery.position)
        pipe.xadd(
            self.dead_letter,
            {
                "fault": fault_id,
                "group": group,
                "position": delivery.position,
                "error": error,
                "attempts": attempts,
                "body": body,
            },
            maxlen=self.maxlen,
            approximate=True,
        )
        pipe.execute()
        self.publish([fault.to_json()])
        return self._fault(fault_id)

    def _fault(self, fault_id: int) -> FaultRecord:
        return self._records([fault_id])[0]

    def _records(self, fault_ids: Sequence[int | str]) -> list[FaultRecord]:
        pipe = self.redis.pipeline(transaction=False)
        for fault_id in fault_ids:
            pipe.hgetall(self._key("fault", fault_id))
        records = []
        for fault_id, row in zip(fault_ids, pipe.execute(), strict=True):
            if not row:
                raise KeyError(f"no fault {fault_id}")
            resolved_at = row.get("resolved_at")
            records.append(
                FaultRecord(
                    id=int(fault_id),
                    group=row["group"],
                    event_id=row["event_id"],
                    type=row["type"],
                    error=row["error"],
                    attempts=int(row["attempts"]),
                    created_at=int(row["created_at"]),
                    resolved_at=int(resolved_at) if resolved_at else None,
                    envelope=json.loads(row["envelope"]),
                )
            )
        return records

    def faults(self, *, include_resolved: bool = False) -> list[FaultRecord]:
        index = self._key("faults") if include_resolved else self._key("faults", "open")
        return self._records(self.redis.zrange(index, 0, -1))

    def resubmit(self, fault_id: int | str) -> FaultRecord:
        fault = self._fault(int(fault_id))
        if fault.resolved_at is not None:
            raise ValueError(f"fault {fault_id} is already resolved")
        queue = self._key("resubmitted", fault.group)
        if self.redis.lpos(queue, fault.id) is None:
            self.redis.rpush(queue, fault.id)
        return fault

    # --- inspection ----------------------------------------------------------------------
    def lag(self, groups: Collection[tuple[str, Collection[str]]]) -> list[GroupLag]:
        """Redis counts every event after a group's position, not only the group's types;
        delivered but unacknowledged ones count too."""
        pipe = self.redis.pipeline(transaction=False)
        pipe.xinfo_groups(self.stream)
        pipe.xlen(self.stream)
        pipe.zrange(self._key("faults", "open"), 0, -1)
        infos, length, open_ids = pipe.execute(raise_on_error=False)
        if isinstance(infos, redis.ResponseError):  # no stream yet
            infos = []
        pipe = self.redis.pipeline(transaction=False)
        for fault_id in open_ids:
            pipe.hget(self._key("fault", fault_id), "group")
        faults = Counter(pipe.execute())
        known = {info["name"]: info for info in infos}
        result = []
        for group, _types in groups:
            info = known.get(group)
            if info is None:  # not read yet: it will start at the stream's beginning
                result.append(GroupLag(group, "0-0", length, faults[group]))
                continue
            position = info["last-delivered-id"]
            behind = info.get("lag")
            if behind is None:  # Redis cannot tell (entries deleted in the range): count
                behind = self._count_after(position)
            result.append(GroupLag(group, position, behind + info["pending"], faults[group]))
        return result

    def _count_after(self, position: str) -> int:
        count = 0
        while page := self.redis.xrange(self.stream, min=f"({position}", count=COUNT_PAGE):
            count += len(page)
            position = page[-1][0]
        return count

    def tail(self, limit: int, *, types: Collection[str] = ()) -> list[dict[str, Any]]:
        wanted = set(types)
        page = limit if not wanted else max(limit, 500)
        bodies: list[str] = []
        newest = "+"
        while len(bodies) < limit:
            entries = self.redis.xrevrange(self.stream, max=newest, count=page)
            for _, fields in entries:
                if not wanted or fields.get("type") in wanted:
                    bodies.append(fields["body"])
                    if len(bodies) == limit:
                        break
            if len(entries) < page:
                break
            newest = f"({entries[-1][0]}"
        return [json.loads(body) for body in reversed(bodies)]
