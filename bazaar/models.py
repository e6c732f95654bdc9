"""Abstract models every BFF owns concretely, in its own datastore.

Django pins a model to a database by app label, so a table the platform owned would live in
``default`` and could never share a transaction with a BFF's state change. These bases keep the
logic in one place while each BFF declares its own concrete table (three lines in its
``models.py``), which the router then places in that BFF's private database.
"""

from __future__ import annotations

import time

from django.db import models


def now_ms() -> int:
    """Epoch milliseconds: the one clock of envelopes, rows and timelines."""
    return int(time.time() * 1000)


class DomainModel(models.Model):
    """The book's common fields on every entity row.

    ``timestamp`` (epoch ms of the change this row reflects) orders concurrent and replayed
    updates: latest wins. ``latched`` marks a row a listener wrote from another service's
    event, so the trigger does not echo it back as a new event of this service.
    """

    timestamp = models.BigIntegerField()
    last_modified_by = models.CharField(max_length=255)
    deleted = models.BooleanField(default=False)
    latched = models.BooleanField(default=False)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The first response to a command, kept under the caller's ``Idempotency-Key``.

    Written in the same transaction as the command itself, so a replay either finds the
    completed command's answer or runs it for the first time; never half of each.
    """

    owner = models.CharField(max_length=255)
    key = models.CharField(max_length=200)
    operation = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.BigIntegerField(default=now_ms)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="%(app_label)s_idempotency_once")
        ]

    def __str__(self) -> str:
        return f"{self.owner}/{self.key}"
