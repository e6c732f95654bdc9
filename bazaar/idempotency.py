"""Commands that are safe to replay: the ``Idempotency-Key`` store of a BFF.

``run_once`` runs a command inside the BFF's own transaction together with the record of its
answer. A replay with the same key and the same request gets the first answer again (and the
command does not run); the same key with a different request is refused with 422, since it
can only be a client bug that would otherwise silently lose one of the two commands.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, router, transaction
from ninja import Header, Status

from bazaar.errors import Invalid
from bazaar.models import IdempotencyRecord

KEY_HEADER = "Idempotency-Key"
# The header as a ninja parameter: a missing or malformed key is a 422 naming the header.
RequiredKey = Header(..., alias=KEY_HEADER, min_length=8, max_length=200, pattern=r"^[\x21-\x7e]+$")
OptionalKey = Header(
    None, alias=KEY_HEADER, min_length=8, max_length=200, pattern=r"^[\x21-\x7e]+$"
)


class KeyReused(Invalid):
    code = "idempotency_key_reused"


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any
    replayed: bool


def request_hash(operation: str, request: Any) -> str:
    canonical = json.dumps([operation, request], sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_once(
    *,
    store: type[IdempotencyRecord],
    owner: str,
    key: str | None,
    operation: str,
    request: Any,
    command: Callable[[], tuple[int, Any]],
) -> Outcome:
    """Run ``command`` (returning ``(status, json_body)``) at most once per ``(owner, key)``.

    Without a key the command simply runs. ``request`` is what identifies the command (its
    body and path parameters), compared on replay.
    """
    if key is None:
        status, body = command()
        return Outcome(status, body, replayed=False)
    alias = router.db_for_write(store)
    digest = request_hash(operation, request)
    for attempt in range(2):
        try:
            with transaction.atomic(using=alias):
                record = store.objects.filter(owner=owner, key=key).first()
                if record is not None:
                    if record.request_hash != digest or record.operation != operation:
                        raise KeyReused(
                            f"{KEY_HEADER} {key!r} was already used for a different request"
                        )
                    return Outcome(record.status, record.response, replayed=True)
                status, body = command()
                body = json.loads(json.dumps(body, cls=DjangoJSONEncoder))
                store.objects.create(
                    owner=owner,
                    key=key,
                    operation=operation,
                    request_hash=digest,
                    status=status,
                    response=body,
                )
                return Outcome(status, body, replayed=False)
        except IntegrityError:
            # A concurrent request with the same key committed first: answer as its replay.
            if attempt:
                raise
    raise AssertionError("unreachable")


def answer_once(**command) -> Status:
    """``run_once`` as an API operation answers: the first outcome's status and body, again on
    every replay (``command``: run_once's arguments)."""
    outcome = run_once(**command)
    return Status(outcome.status, outcome.body)
