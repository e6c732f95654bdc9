"""``manage.py synthetics --base-url URL``: the storefront journey (shell/synthetic/journey.py) in a
headless Chromium against any deployment, each step printed with its time as it ends. Exits 0
when every step passed; 1 with a report on the step that failed (and a screenshot); 2 when the
journey could not start."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bazaar.config import env
from shell.synthetic.journey import STOREFRONT, Options, Result, SetupError, StepResult

DEMO_USER, DEMO_PASSWORD = "alice", "alice-password"  # the dev provider's (idp seed_idp)


class Command(BaseCommand):
    help = "Run the storefront journey in headless Chromium against a deployment."
    requires_system_checks = []  # it only drives a browser: this checkout's set-up is not used

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", required=True, help="the shop, e.g. http://127.0.0.1:8000"
        )
        parser.add_argument(
            "--user",
            default=env.text("BAZAAR_SYNTHETICS_USER", DEMO_USER),
            help="who signs in at the provider (BAZAAR_SYNTHETICS_USER; the dev demo user alice)",
        )
        parser.add_argument(
            "--password",
            default=env.text("BAZAAR_SYNTHETICS_PASSWORD", DEMO_PASSWORD),
            help="their password (BAZAAR_SYNTHETICS_PASSWORD keeps it off the command line)",
        )
        parser.add_argument(
            "--delivery-timeout",
            type=float,
            default=60.0,
            help="seconds the order may take from placed to delivered (default 60)",
        )
        parser.add_argument(
            "--timeout", type=float, default=15.0, help="seconds each wait may take (default 15)"
        )
        parser.add_argument(
            "--artifacts",
            type=Path,
            help="where a failure's screenshot goes (default var/synthetics/, else a temp folder)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON only")

    def handle(self, *args, **options):
        as_json = options["json"]
        journey = Options(
            base_url=options["base_url"].rstrip("/"),
            user=options["user"],
            password=options["password"],
            artifacts=options["artifacts"] or _default_artifacts(),
            chromium=env.text("BAZAAR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium",
            timeout=options["timeout"],
            delivery_timeout=options["delivery_timeout"],
        )
        if not Path(journey.chromium).exists():
            raise CommandError(
                f"Chromium is not at {journey.chromium} (BAZAAR_CHROMIUM)", returncode=2
            )
        if not as_json:
            self.stdout.write(f"Synthetics: {journey.base_url} as {journey.user}")
            self.stdout.flush()
        try:
            result = STOREFRONT.run(journey, report=(lambda step: None) if as_json else self._step)
        except SetupError as error:
            raise CommandError(str(error), returncode=2) from None
        if as_json:
            self.stdout.write(
                json.dumps({"ok": result.failure is None, **asdict(result)}, indent=2)
            )
        else:
            self._summary(result)
        if result.failure is not None:
            raise CommandError(f"the journey failed at step {result.failure.step!r}", returncode=1)

    def _step(self, step: StepResult) -> None:
        outcome = "ok" if step.ok else "FAILED"
        line = f"  {outcome:<6}  {step.name:<12} {step.ms:>6} ms"
        self.stdout.write(f"{line}  {step.detail}" if step.detail else line)
        self.stdout.flush()  # as it goes, even into a pipe

    def _summary(self, result: Result) -> None:
        self.stdout.write(f"  {'total':<20} {result.total_ms:>6} ms")
        if result.failure is None:
            self.stdout.write(f"OK: {len(result.steps)} steps passed")
            return
        failure = result.failure
        lines = [
            f'FAILED at step "{failure.step}": {failure.reason}',
            f"  page: {failure.url}",
        ]
        for said in failure.page_said:
            if said not in failure.reason:
                lines.append(f"  the page said: {said}")
        for label, items in (
            ("console errors", failure.console_errors),
            ("failed requests", failure.failed_requests),
        ):
            lines.append(f"  {label}: {'none' if not items else ''}".rstrip())
            lines.extend(f"    {item}" for item in items)
        lines.append(f"  screenshot: {failure.screenshot or 'could not be taken'}")
        if result.skipped:
            lines.append(f"  not run: {', '.join(result.skipped)}")
        self.stdout.write("\n".join(lines))


def _default_artifacts() -> Path:
    folder = Path(settings.BASE_DIR) / "var" / "synthetics"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.mkdtemp(prefix="bazaar-synthetics-"))
    return folder
