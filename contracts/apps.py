from importlib import import_module
from pathlib import Path
from pkgutil import iter_modules

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Event contracts"

    def ready(self) -> None:
        # Each event schema registers its type as it is defined (eventhub.envelope.EVENT_TYPES).
        for module in iter_modules([str(Path(__file__).parent)]):
            if not module.ispkg and module.name not in ("apps", "payload", "testing"):
                import_module(f"contracts.{module.name}")
