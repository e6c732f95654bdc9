"""``manage.py check_contracts``: every live micro-app (and canary) against what it declares it
uses, its BFF's operations and the bus's signals (shell/registry/bff_contracts.py). Exits 1
naming each broken pair, or each app whose BFF could not be read; 0 when every one holds."""

from django.core.management import BaseCommand, CommandError

from shell.registry.bff_contracts import problems_of
from shell.registry.manifest import Manifest
from shell.registry.state import RegistryState, current_revision


class Command(BaseCommand):
    help = "Check every live micro-app's declared uses against its BFF's OpenAPI and the bus."

    def handle(self, *args, **options):
        state = RegistryState.of(current_revision())
        releases = [*state.releases.values(), *(release for release, _ in state.canaries.values())]
        failed = 0
        for release in sorted(releases, key=lambda r: (r.app.name, r.pk)):
            manifest = Manifest.model_validate(release.manifest)
            problems, unchecked = problems_of(manifest)
            what = f"{manifest.name}@{manifest.version}"
            if problems:
                failed += 1
                self.stdout.write(f"BROKEN    {what}: " + "; ".join(problems))
            elif unchecked:
                failed += 1
                self.stdout.write(f"UNCHECKED {what}: {unchecked}")
            else:
                uses = manifest.uses
                self.stdout.write(
                    f"ok        {what}: {len(uses.bff)} BFF operations, {len(uses.events)} signals"
                )
        if failed:
            raise CommandError(f"{failed} of {len(releases)} apps do not hold their contracts")
        self.stdout.write(f"every contract holds ({len(releases)} apps)")
