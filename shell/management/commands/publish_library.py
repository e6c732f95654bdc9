import getpass

from django.core.management import BaseCommand, CommandError

from bazaar.errors import DomainError
from shell.registry.libraries import library_publish, publish_version
from shell.registry.library_versions import served_library
from shell.registry.shared_modules import served_libraries


class Command(BaseCommand):
    help = (
        "Publish a version of a library the micro-apps share through the import map (each "
        "app gets a version in the range its manifest's `shared` gives): one the shop serves "
        "from npm (package.json bazaar.libraries), or one hosted at --url."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the bare specifier apps import, e.g. vue")
        parser.add_argument("--url", default=None, help="where its ES module is hosted")
        parser.add_argument(
            "--version", dest="library_version", default=None, help="when the URL names none"
        )
        parser.add_argument("--integrity", default=None, help="the SRI hash its bytes must have")
        parser.add_argument("--actor", default=None, help="who publishes, for the history")

    def handle(self, *args, name, url, library_version, integrity, actor, **options):
        actor = actor or f"cli:{getpass.getuser()}"
        try:
            if url is None:
                if name not in served_libraries():
                    served = ", ".join(sorted(served_libraries())) or "none"
                    raise CommandError(f"{name}: give --url (the shop serves {served} itself)")
                revision = publish_version(served_library(name), actor=actor)
            else:
                revision = library_publish(
                    name=name,
                    url=url,
                    version=library_version,
                    integrity=integrity,
                    actor=actor,
                )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        versions = [lib.version for lib in revision.libraries.filter(name=name)]
        self.stdout.write(
            f"revision {revision.number}: {name} {', '.join(versions)} in the import map"
        )
