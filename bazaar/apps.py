from django.apps import AppConfig


class BazaarConfig(AppConfig):
    """The platform's commands (``migrate_datastores``), installed in every Bazaar process."""

    name = "bazaar"
    verbose_name = "Bazaar platform"
