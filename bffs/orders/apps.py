from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "bffs.orders"
    label = "orders"  # also its database alias
    verbose_name = "Orders BFF"
