"""Synthetic monitoring: the storefront journey run in headless Chromium against any
deployment (`manage.py synthetics`)."""
