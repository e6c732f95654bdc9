"""The hub's two tables in a BFF's datastore (abstract here; each BFF declares them in its own).

**Pending events** are the trigger's half of the transactional-outbox pattern: an event row
written in the same transaction as the state change, moved to the hub by the relay afterwards
(the word "outbox" alone is the browser's queue of commands). **Handled events** are the
listener's memory of the events it has applied, written in the same transaction as their
effect, so a redelivered event is recognised and skipped.
"""

from __future__ import annotations

from django.db import models

from bazaar.models import now_ms


class AbstractPendingEvent(models.Model):
    seq = models.BigAutoField(primary_key=True)  # commit order: the relay publishes in it
    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    partition_key = models.CharField(max_length=200)
    envelope = models.JSONField()
    created_at = models.BigIntegerField(default=now_ms)

    class Meta:
        abstract = True
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class AbstractHandledEvent(models.Model):
    event_id = models.CharField(max_length=100)
    group = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    applied_at = models.BigIntegerField(default=now_ms)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["group", "event_id"], name="%(app_label)s_inbox_once")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.type} {self.event_id}"


def forget_published_events(app_label: str):
    """The migration step, before ``published_at`` goes, that deletes the pending-event rows an older
    relay published and kept (the relay now deletes what it publishes: it would send them
    again)."""
    from django.db import migrations

    def forget(apps, schema_editor) -> None:
        outbox = apps.get_model(app_label, "Outbox")  # its name in the migrations that run this
        outbox.objects.using(schema_editor.connection.alias).filter(
            published_at__isnull=False
        ).delete()

    return migrations.RunPython(forget, migrations.RunPython.noop)


def hub_tables_renamed(*, pending: bool = True):
    """The migration steps that gave a BFF's hub tables their names (``Outbox`` → pending
    events, ``Inbox`` → handled events); ``pending=False`` for a BFF that only listens."""
    from django.db import migrations

    steps = [migrations.RenameModel(old_name="Inbox", new_name="HandledEvent")]
    if pending:
        steps.insert(0, migrations.RenameModel(old_name="Outbox", new_name="PendingEvent"))
    return steps
