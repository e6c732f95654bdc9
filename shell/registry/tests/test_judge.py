"""Canaries judged by their own numbers: what browsers report to /rum is tallied per release,
and an automatic canary is aborted or promoted by its figures beside the stable release's,
the decision and its figures kept in the history."""

from __future__ import annotations

import pytest
from django.test import Client

from shell.registry import judge, services
from shell.registry.bundles import bundle_from_data
from shell.registry.canary_runs import Policy
from shell.registry.judge import Figures, verdict
from shell.registry.models import CanaryRun, Revision
from shell.rum import api as rum
from shell.testing.factories import files, manifest

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}
POLICY = {"min_views": 3, "promote_views": 5, "max_error_increase": 0.05, "max_lcp_ratio": 1.5}


@pytest.fixture(autouse=True)
def _fresh_limits():
    rum.limiter._seen.clear()


def deploy(version: str, **options) -> Revision:
    bundle = bundle_from_data(manifest(version=version), files())
    return services.release_deploy(bundles=[bundle], actor="test", **options)


def report(revision: int, *, mounts: int = 0, failures: int = 0, version: str, **more) -> int:
    """What ``mounts`` page views that mounted @bazaar/demo@version and ``failures`` that
    failed to would report, as one beacon each."""
    client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=f"10.0.0.{mounts + failures}")
    app = {"app": "@bazaar/demo", "version": version}
    for failed in [False] * mounts + [True] * failures:
        body = {"revision": revision, **more}
        if failed:
            body["errors"] = [{**app, "phase": "mount", "message": "it threw"}]
        else:
            body["apps"] = [{**app, "phase": "mount", "ms": 12}]
        response = client.post("/rum", body, content_type="application/json")
        assert response.status_code == 204, response.content
    return mounts + failures


def current() -> Revision:
    return Revision.objects.order_by("-number").first()


@pytest.mark.parametrize(
    ("canary", "stable", "decision"),
    [
        (Figures(views=2, errors=2), Figures(views=50), None),  # too few views yet
        (Figures(views=3, errors=3), Figures(), "abort"),  # every view failed
        (Figures(views=20, errors=1), Figures(views=20, errors=1), None),  # as good, not enough
        (Figures(views=20, errors=3), Figures(views=20, errors=1), "abort"),  # 15% vs 5%
        (Figures(views=10, lcp_ms=4000), Figures(views=10, lcp_ms=2000), "abort"),  # 2x LCP
        (Figures(views=10, lcp_ms=4000), Figures(views=2, lcp_ms=2000), None),  # stable: 2 views
        (Figures(views=100, errors=1, lcp_ms=2100), Figures(views=900, lcp_ms=2000), "promote"),
    ],
)
def test_the_verdict_by_the_figures(canary, stable, decision):
    policy = Policy(min_views=3, promote_views=100, max_error_increase=0.05, max_lcp_ratio=1.5)
    assert verdict(policy, canary, stable)[0] == decision


def test_a_canary_failing_on_mount_is_aborted_after_min_views_and_the_history_says_why():
    deploy("1.0.0")
    started = deploy("1.1.0", canary=50, canary_policy=POLICY)
    report(started.number, mounts=4, version="1.0.0")
    report(started.number, failures=2, version="1.1.0")
    assert current().number == started.number  # 2 of 3 views: not judged yet
    report(started.number, failures=1, version="1.1.0")
    head = current()
    assert (head.action, head.created_by) == ("abort", judge.JUDGE)
    assert "1.1.0: 100% errors (3 in 3 views)" in head.message
    assert "1.0.0: 0% errors (0 in 4 views)" in head.message
    run = CanaryRun.objects.get(release__version="1.1.0")
    assert run.decision == "aborted" and run.decided_at is not None
    assert run.figures["canary"]["errors"] == 3 and run.figures["stable"]["views"] == 4
    assert not head.canaries.exists()


def test_a_healthy_canary_is_promoted_after_promote_views():
    deploy("1.0.0")
    started = deploy("1.1.0", canary=50, canary_policy=POLICY)
    report(started.number, mounts=4, version="1.1.0")
    assert current().number == started.number
    report(started.number, mounts=1, version="1.1.0")
    head = current()
    assert (head.action, head.created_by) == ("promote", judge.JUDGE)
    assert head.releases.get().version == "1.1.0"
    assert CanaryRun.objects.get(release__version="1.1.0").decision == "promoted"


def test_views_from_pages_rendered_before_the_canary_do_not_count_in_its_window():
    before = deploy("1.0.0")
    report(before.number, failures=5, version="1.0.0")  # the stable release had a bad time
    started = deploy("1.1.0", canary=50, canary_policy=POLICY)
    report(started.number, failures=3, version="1.1.0")
    head = current()
    assert head.action == "abort", head.message  # stable: 0 errors in this window
    assert "1.0.0: 0% errors (0 in 0 views)" in head.message


def test_a_canary_ended_by_hand_closes_its_run_and_a_manual_one_is_never_judged():
    deploy("1.0.0")
    started = deploy("1.1.0", canary=50)  # no policy: ended by hand only
    report(started.number, failures=10, version="1.1.0")
    assert current().number == started.number
    figures = Client().get("/api/registry/apps/demo/canary").json()
    assert figures["canary"] == {
        "views": 10,
        "errors": 10,
        "error_rate": 1.0,
        "lcp_ms": None,
        "inp_ms": None,
    }
    assert figures["auto"] is None and figures["since_revision"] == started.number
    services.canary_abort(name="@bazaar/demo", actor="test")
    assert CanaryRun.objects.get().decision == "aborted"


def test_the_deploy_api_takes_a_policy_and_refuses_a_bad_one_naming_it():
    client = Client(HTTP_HOST="127.0.0.1")

    def post(version, **fields):
        body = {
            "manifests": [
                {"manifest": manifest(version=version), "files": {"src/main.js": "export {}"}}
            ],
            **fields,
        }
        return client.post("/api/registry/releases", body, content_type="application/json", **AUTH)

    assert post("1.0.0").status_code == 201
    refused = post("1.1.0", canary_auto=POLICY)  # not a canary
    assert refused.status_code == 422
    assert "canary_auto" in refused.json()["detail"]
    refused = post("1.1.0", canary=10, canary_auto={**POLICY, "min_views": 9, "promote_views": 5})
    assert refused.status_code == 422
    assert "canary_auto" in refused.json()["detail"]
    assert Revision.objects.count() == 1  # nothing half-written
    assert post("1.1.0", canary=10, canary_auto=POLICY).status_code == 201
    assert CanaryRun.objects.get().policy == POLICY


def test_a_release_keeps_when_browsers_first_reported_an_error_of_it():
    started = deploy("1.0.0")
    report(started.number, mounts=2, version="1.0.0")
    [release] = Client().get("/api/registry/apps").json()[0]["releases"]
    assert release["first_error_at"] is None
    report(started.number, failures=1, version="1.0.0")
    [release] = Client().get("/api/registry/apps").json()[0]["releases"]
    assert release["first_error_at"] is not None
