from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "bffs.catalog"
    label = "catalog"  # also its database alias: the BffRouter pins these models there
    verbose_name = "Catalog BFF (search)"
