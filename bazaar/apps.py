from django.apps import AppConfig


class BazaarConfig(AppConfig):
    """The platform's commands (``migrate_datastores``, ``trace``), installed in every Bazaar
    process; it sets up the process's tracing (bazaar/tracing.py)."""

    name = "bazaar"
    verbose_name = "Bazaar platform"

    def ready(self) -> None:
        from django.conf import settings

        from bazaar import tracing

        bff = getattr(settings, "BAZAAR_BFF", "")  # a BFF served alone
        tracing.setup(settings.BAZAAR_SERVICE or (f"bff-{bff}" if bff else "shell"))
