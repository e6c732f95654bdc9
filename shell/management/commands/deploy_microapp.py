import getpass
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from bazaar.errors import DomainError
from shell.registry import services
from shell.registry.bundles import bundle_from_directory
from shell.registry.canary_runs import Policy
from shell.registry.library_versions import served_library
from shell.registry.shared_modules import served_libraries
from shell.registry.state import current_revision


class Command(BaseCommand):
    help = "Publish micro-app versions from their manifests and make them current together."

    def add_arguments(self, parser):
        parser.add_argument(
            "manifests", nargs="+", type=Path, help="microapps/<name>/manifest.json"
        )
        parser.add_argument("--message", default="", help="a note for the revision history")
        parser.add_argument(
            "--canary",
            type=int,
            default=None,
            metavar="PERCENT",
            help="give the new versions to this percentage of visitors only (1-99); "
            "`manage.py canary NAME --promote` or `--abort` ends it",
        )
        parser.add_argument(
            "--auto",
            action="store_true",
            help="judge the canary by real browsers' figures and promote or abort it "
            "automatically (thresholds: --min-views, --promote-views, --max-error-increase, "
            "--max-lcp-ratio)",
        )
        parser.add_argument(
            "--min-views",
            type=int,
            default=Policy.min_views,
            help=f"(--auto) default {Policy.min_views}",
        )
        parser.add_argument(
            "--promote-views",
            type=int,
            default=Policy.promote_views,
            help=f"(--auto) default {Policy.promote_views}",
        )
        parser.add_argument(
            "--max-error-increase",
            type=float,
            default=Policy.max_error_increase,
            help=f"(--auto) default {Policy.max_error_increase}",
        )
        parser.add_argument(
            "--max-lcp-ratio",
            type=float,
            default=Policy.max_lcp_ratio,
            help=f"(--auto) default {Policy.max_lcp_ratio}",
        )
        parser.add_argument(
            "--over-budget",
            default=None,
            metavar="REASON",
            help="deploy a release over its size budget anyway; the history records REASON",
        )
        parser.add_argument(
            "--retire",
            action="append",
            default=[],
            metavar="NAME",
            help="take this app out in the same revision, if it is deployed (repeatable): "
            "for a release that takes over its routes",
        )
        parser.add_argument(
            "--bff-origin",
            default=None,
            metavar="ORIGIN",
            help="serve each app's BFF from this origin: a manifest's bff path "
            "(/bff/<name>/api) becomes ORIGIN/bff/<name>/api (the distributed mode's BFF "
            "gateway; it must be on BAZAAR_BFF_ORIGINS)",
        )
        parser.add_argument(
            "--actor",
            default=None,
            help="who deploys, kept in the audit log (default: cli:<the operating system user>)",
        )

    def handle(self, *args, manifests, message, actor, canary, retire, bff_origin, **options):
        policy = None
        if options["auto"]:
            policy = {
                "min_views": options["min_views"],
                "promote_views": options["promote_views"],
                "max_error_increase": options["max_error_increase"],
                "max_lcp_ratio": options["max_lcp_ratio"],
            }
        actor = actor or f"cli:{getpass.getuser()}"
        head = current_revision()
        live = set(head.releases.values_list("app__name", flat=True)) if head else set()
        try:
            bundles = [bundle_from_directory(path, bff_origin=bff_origin) for path in manifests]
            # The shared libraries they need that the shop serves from npm go live with them.
            needed = {name for b in bundles for name in b.manifest.shared}
            libraries = [served_library(name) for name in sorted(needed & set(served_libraries()))]
            revision = services.release_deploy(
                bundles=bundles,
                actor=actor,
                message=message,
                canary=canary,
                canary_policy=policy,
                over_budget=options["over_budget"],
                retire=retire,
                libraries=libraries,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for bundle in bundles:
            to = f" to {canary}% of visitors" if canary else ""
            to += ", judged automatically" if policy else ""
            self.stdout.write(f"deployed {bundle.manifest.name}@{bundle.manifest.version}{to}")
        for name in retire:
            self.stdout.write(f"retired {name}" if name in live else f"{name} was not deployed")
        self.stdout.write(f"current revision: {revision.number}")
