from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "bffs.reviews"
    label = "reviews"  # also its database alias: its private datastore
    verbose_name = "Reviews BFF (task)"
