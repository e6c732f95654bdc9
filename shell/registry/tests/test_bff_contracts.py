"""Front-end/BFF contracts, consumer-driven: a release that uses a BFF operation or a bus
signal that is not offered is refused with what is offered; a BFF that cannot be read leaves
it unchecked in the history; ``check_contracts`` finds a pair that broke after the deploy
(the BFF changed under a live front end)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from shell.registry.bff_contracts import normal, signal_names
from shell.registry.models import Revision
from shell.testing.factories import manifest
from shell.testing.module_host import start_module_host

pytestmark = pytest.mark.django_db

AUTH = {"HTTP_AUTHORIZATION": "Bearer dev-deploy-token"}


def deploy(version: str = "1.0.0", **fields):
    body = {"manifests": [{"manifest": manifest(version=version, **fields), "files": FILES}]}
    return Client(HTTP_HOST="127.0.0.1").post(
        "/api/registry/releases", body, content_type="application/json", **AUTH
    )


FILES = {"src/main.js": "export async function mount() {}\n"}
CART = "/bff/cart/api"  # a BFF this shell serves (the test settings embed every BFF)


def test_operations_match_by_method_and_path_with_parameters_by_position():
    assert normal("delete /cart/items/:id/") == normal("DELETE /cart/items/{product_id}")
    assert normal("GET /cart") != normal("POST /cart")


def test_a_release_using_what_its_bff_offers_is_deployed():
    uses = {"bff": ["GET /cart", "POST /cart/items", "DELETE /cart/items/:id"]}
    response = deploy(bff=CART, uses={**uses, "events": ["cart:changed", "cart:add"]})
    assert response.status_code == 201, response.content
    assert "unchecked" not in Revision.objects.get().message


def test_a_release_using_an_operation_its_bff_does_not_offer_is_refused_naming_it():
    response = deploy(bff=CART, uses={"bff": ["GET /cart", "GET /carts", "PATCH /cart"]})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("uses.bff: GET /carts, PATCH /cart are not offered by /bff/cart/api")
    assert "it offers DELETE /cart/items/{}, GET /cart, POST /cart/items" in detail
    assert Revision.objects.count() == 0


def test_a_release_using_a_signal_the_bus_does_not_have_is_refused():
    response = deploy(uses={"events": ["cart:changed", "cart:chnged"]})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("uses.events: cart:chnged is not a signal")
    assert {"cart:changed", "order:placed", "product:viewed"} <= signal_names()


def test_a_malformed_use_is_refused_by_the_manifest_itself():
    response = deploy(bff=CART, uses={"bff": ["fetch the cart"]})
    assert response.status_code == 422
    assert "uses.bff" in response.json()["detail"]


def test_a_bff_that_cannot_be_read_now_leaves_the_release_unchecked_in_the_history():
    response = deploy(bff="/bff/newcomer/api", uses={"bff": ["GET /things"]})
    assert response.status_code == 201, response.content
    message = Revision.objects.get().message
    assert "contract unchecked, /bff/newcomer/api is not served by this shell yet" in message


@pytest.fixture
def remote_bff(settings):
    host, server = start_module_host()
    settings.BAZAAR_BFF_ORIGINS = [host.origin]
    yield host
    server.shutdown()


def document(*operations: tuple[str, str]) -> bytes:
    paths: dict = {}
    for method, path in operations:
        paths.setdefault(f"/bff/things/api{path}", {})[method] = {"responses": {}}
    return json.dumps({"openapi": "3.1.0", "paths": paths}).encode()


def test_check_contracts_finds_a_pair_the_bff_broke_after_the_deploy(remote_bff):
    openapi = "/bff/things/api/openapi.json"
    remote_bff.serve(
        openapi, document(("get", "/things"), ("post", "/things")), content_type="application/json"
    )
    bff = remote_bff.origin + "/bff/things/api"
    assert deploy(bff=bff, uses={"bff": ["GET /things"]}).status_code == 201
    out = io.StringIO()
    call_command("check_contracts", stdout=out)
    assert "ok        @bazaar/demo@1.0.0: 1 BFF operations" in out.getvalue()

    # The BFF's team renames the operation; the live front end still calls it.
    remote_bff.serve(openapi, document(("get", "/items")), content_type="application/json")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 apps do not hold their contracts"):
        call_command("check_contracts", stdout=out)
    assert "BROKEN    @bazaar/demo@1.0.0: uses.bff: GET /things is not offered" in out.getvalue()

    # And a deploy against the changed BFF is refused.
    refused = deploy("1.1.0", bff=bff, uses={"bff": ["GET /things"]})
    assert refused.status_code == 422 and "GET /things is not offered" in refused.json()["detail"]


def test_every_app_of_the_shop_declares_its_uses_and_they_hold(settings):
    """What CI runs check_contracts for: a BFF change that breaks a shop app fails here."""
    from bazaar.discovery import discover_manifests
    from shell.registry.bff_contracts import problems_of
    from shell.registry.manifest import Manifest

    for path in discover_manifests(settings.BASE_DIR / "microapps"):
        manifest = Manifest.model_validate(json.loads(path.read_text()))
        assert manifest.uses.bff or manifest.uses.events, manifest.name
        assert problems_of(manifest) == ([], None), manifest.name
