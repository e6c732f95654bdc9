"""The live listener's table of hub events already turned into messages, named for what it holds."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shell", "0005_deploy_refusals")]

    operations = [
        migrations.RenameModel(old_name="LiveInbox", new_name="HandledLiveEvent"),
    ]
