from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "bffs.cart"
    label = "cart"  # also its database alias
    verbose_name = "Cart BFF"
