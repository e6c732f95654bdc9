from django.core.management import BaseCommand, CommandError

from shell.registry.manifest import ManifestError
from shell.registry.shared_modules import SHELL_BUILD, build_shell


class Command(BaseCommand):
    help = (
        "Bundle the shell's own modules (the platform, the root config) with esbuild into "
        "shell/static/shell/build/, which pages load while it matches the sources."
    )

    def handle(self, *args, **options):
        try:
            built = build_shell()
        except ManifestError as error:
            raise CommandError(str(error).removeprefix("files: ")) from None
        if built is None:
            raise CommandError("esbuild is not installed: run `make setup` (npm ci)")
        self.stdout.write(f"{SHELL_BUILD}: {'built' if built else 'up to date'}")
