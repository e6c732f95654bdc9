"""The hub's tables named for what they hold: pending events (the transactional outbox's
table) and handled events ("outbox" is the browser's queue of commands)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("wishlist", "0002_product_copy_from_events")]

    operations = [
        migrations.RenameModel(old_name="Inbox", new_name="HandledEvent"),
    ]
