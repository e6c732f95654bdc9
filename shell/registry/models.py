"""The micro-app registry: apps, their immutable releases, and revisions of the whole set.

A *release* is one version of one app, frozen: its validated manifest, where its files are
published, and the SRI hash of every module. A *revision* is the atomic set of releases that
are current together; deploys and rollbacks only ever add revisions, so the history is the
audit log and every earlier state can be restored in one step.
"""

from django.db import models


class App(models.Model):
    name = models.CharField(max_length=100, unique=True)  # import specifier, "@bazaar/catalog"
    slug = models.SlugField(max_length=60, unique=True)  # "catalog": URL and BFF name
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    app = models.ForeignKey(App, on_delete=models.PROTECT, related_name="releases")
    version = models.CharField(max_length=100)
    manifest = models.JSONField()  # as validated, with defaults filled in
    base_url = models.CharField(max_length=300)  # "/static/apps/catalog/1.0.0/"
    integrity = models.JSONField()  # {relative path: "sha384-..."} for every published file
    # What esbuild built at deploy (shell/registry/bundler.py): {"entries": {source: built}, "imports":
    # {built: [built modules it imports]}}; empty for a version published unbundled.
    build = models.JSONField(default=dict, blank=True)
    digest = models.CharField(max_length=64)  # over manifest + files: same version, same bytes
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["app", "version"], name="release_once_per_version")
        ]
        ordering = ["app__name", "created_at"]

    def __str__(self) -> str:
        return f"{self.app.name}@{self.version}"


class SharedLibrary(models.Model):
    """One version of a library the apps share through the import map (``vue`` 3.5.13),
    published once: its module's URL and the SRI hash of its bytes. Revisions hold the
    versions live with them; each app gets the one its ``shared`` range takes."""

    name = models.CharField(max_length=214)  # a bare specifier, as npm names packages
    version = models.CharField(max_length=100)
    url = models.CharField(max_length=2000)
    integrity = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="library_once_per_version")
        ]
        ordering = ["name", "created_at"]

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"


class Revision(models.Model):
    number = models.PositiveIntegerField(unique=True)
    releases = models.ManyToManyField(Release, related_name="revisions")
    libraries = models.ManyToManyField(SharedLibrary, related_name="revisions", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    action = models.CharField(max_length=20)  # deploy | rollback | remove
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"revision {self.number}"


class Refusal(models.Model):
    """A registry change refused because its deploy token may not change an app it touches:
    the other half of the audit (revisions are what was done; refusals what was tried and
    not done). The newest ``KEEP`` are kept."""

    KEEP = 10_000

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)  # the deploy token's name
    action = models.CharField(max_length=20)  # what a revision would say: deploy | remove | ...
    message = models.CharField(max_length=500)  # what was asked: "remove @bazaar/cart"
    apps = models.JSONField()  # the apps the token may not change, sorted
    reason = models.CharField(max_length=1000)  # the refusal's detail, as the API answered

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"refused {self.created_by}: {self.message}"


class Canary(models.Model):
    """A release a revision gives to ``percent`` of visitors (their sticky bucket, 0–99, is
    below it) in place of the app's release in the revision's set."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="canaries")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="canaries")
    percent = models.PositiveSmallIntegerField()  # 1..99

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "release"], name="canary_once_per_revision")
        ]

    def __str__(self) -> str:
        return f"{self.release} to {self.percent}% in {self.revision}"


class CanaryRun(models.Model):
    """One canary of a release, from its start: the window whose figures judge it. With a
    policy (``auto``), the registry promotes or aborts it by those figures on its own
    (shell/registry/judge.py); the decision and the figures it was made on are kept."""

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="canary_runs")
    started_at = models.DateTimeField(auto_now_add=True)
    # The revision that started it: its figures count pages rendered from there on.
    revision = models.PositiveIntegerField()
    auto = models.BooleanField(default=False)
    # The policy of an automatic canary (judge.Policy's fields); {} for one ended by hand.
    policy = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, blank=True)  # promoted | aborted
    figures = models.JSONField(default=dict, blank=True)  # {"canary": {...}, "stable": {...}}

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"canary run of {self.release}"


class ReleaseTally(models.Model):
    """What real browsers reported of one release in one minute, on pages rendered from one
    revision (``POST /rum``): page views that loaded and mounted it, those that failed to,
    errors it threw, and its pages' LCP and INP (sums, to average over any window)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tallies")
    revision = models.PositiveIntegerField()  # the page's (0: a page that did not say)
    minute = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    lcp_count = models.PositiveIntegerField(default=0)
    lcp_sum_ms = models.FloatField(default=0)
    inp_count = models.PositiveIntegerField(default=0)
    inp_sum_ms = models.FloatField(default=0)
    first_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "revision", "minute"], name="tally_once_per_minute"
            )
        ]

    def __str__(self) -> str:
        return f"{self.release} at {self.minute:%Y-%m-%d %H:%M}"
