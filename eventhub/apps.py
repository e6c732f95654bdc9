from django.apps import AppConfig


class EventHubConfig(AppConfig):
    name = "eventhub"
    verbose_name = "Event hub"

    def ready(self) -> None:
        # Triggers connect to their models when imported: every process that saves BFF rows
        # (web, worker, management commands) must have them, or a change would emit nothing.
        from eventhub.registry import load_triggers

        load_triggers()
