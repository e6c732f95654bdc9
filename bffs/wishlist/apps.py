from django.apps import AppConfig


class WishlistConfig(AppConfig):
    name = "bffs.wishlist"
    label = "wishlist"  # also its database alias
    verbose_name = "Wish list BFF"
