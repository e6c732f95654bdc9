"""The hub's tables named for what they hold: pending events (the transactional outbox's
table) and handled events ("outbox" is the browser's queue of commands)."""

from django.db import migrations

from eventhub.models import hub_tables_renamed


class Migration(migrations.Migration):
    dependencies = [("orders", "0003_order_holds_and_cancellation")]

    operations = hub_tables_renamed()
