from django.apps import AppConfig

from bazaar import ops


class EventHubConfig(AppConfig):
    name = "eventhub"
    verbose_name = "Event hub"

    def ready(self) -> None:
        # Triggers connect to their models when imported: every process that saves BFF rows
        # (web, worker, management commands) must have them, or a change would emit nothing.
        from eventhub.hub import health as hub_health
        from eventhub.registry import load_triggers

        load_triggers()
        ops.register_check("hub", hub_health)
