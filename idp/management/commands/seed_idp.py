"""Seed the dev provider: demo users (listed in the README) and the shell's OIDC client."""

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import BaseCommand
from oauth2_provider.models import Application

DEMO_USERS = [
    # username, password, first name, last name, roles
    ("alice", "alice-password", "Alice", "Archer", ["shopper"]),
    ("bob", "bob-password", "Bob", "Baker", ["shopper"]),
    ("admin", "admin-password", "Ada", "Admin", ["admin", "shopper"]),
]


class Command(BaseCommand):
    help = "Create the demo users and register the shell as an OIDC client (idempotent)."

    def handle(self, *args, **options):
        for username, password, first, last, roles in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@bazaar.test"
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
        redirect_uris = " ".join(f"{url.rstrip('/')}/oidc/callback/" for url in settings.SHELL_URLS)
        logout_uris = " ".join(f"{url.rstrip('/')}/" for url in settings.SHELL_URLS)
        app, _ = Application.objects.get_or_create(client_id=settings.CLIENT_ID)
        app.name = "Bazaar shell"
        app.client_type = Application.CLIENT_CONFIDENTIAL
        app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
        app.client_secret = settings.CLIENT_SECRET
        app.redirect_uris = redirect_uris
        app.post_logout_redirect_uris = logout_uris
        app.algorithm = Application.RS256_ALGORITHM
        app.skip_authorization = True  # first-party client: no consent screen
        app.save()
        self.stdout.write(f"idp seeded: {len(DEMO_USERS)} users, client {settings.CLIENT_ID}")
