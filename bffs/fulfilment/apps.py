from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "bffs.fulfilment"
    label = "fulfilment"  # also its database alias
    verbose_name = "Fulfilment"
