"""Every BFF's OpenAPI document declares the errors its operations really answer, in the one
error shape."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

BODY = {"400", "413", "422"}  # the body is not JSON, too large, or has a bad field
COMMANDS = [
    ("cart", "/cart/items", "post", {"200", "401", "403"} | BODY),
    ("cart", "/cart/items/{product_id}", "put", {"200", "401", "403", "404"} | BODY),
    ("orders", "/orders", "post", {"201", "401", "403", "409"} | BODY),
    ("orders", "/orders/{order_id}", "get", {"200", "304", "401", "403", "404", "422"}),
    ("wishlist", "/items/{product_id}", "put", {"200", "201", "401", "403", "404", "422"}),
    ("catalog", "/categories", "get", {"200"}),
]
APIS = [*(f"/bff/{bff}/api" for bff in settings.BAZAAR_BFFS), "/api/registry", "/services", "/rum"]


@pytest.mark.parametrize("bff", settings.BAZAAR_BFFS)
def test_every_bff_serves_its_own_openapi_document(bff):
    document = Client().get(f"/bff/{bff}/api/openapi.json").json()
    assert document["paths"]


@pytest.mark.parametrize(("bff", "path", "method", "statuses"), COMMANDS)
def test_an_operation_declares_its_errors_in_the_shared_shape(bff, path, method, statuses):
    document = Client().get(f"/bff/{bff}/api/openapi.json").json()
    responses = document["paths"][f"/bff/{bff}/api{path}"][method]["responses"]
    assert set(responses) == statuses
    for status in statuses - {"200", "201", "304"}:
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema["$ref"].endswith("/ErrorOut")


@pytest.mark.parametrize("api", APIS)
def test_every_operation_declares_what_the_platform_answers_for_it(api):
    """Declared once, in the API factory: 401/403 where there is auth, 404 where the path has
    parameters, 422 where there is input, 400/413 where there is a body."""
    document = Client().get(f"{api}/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            declared = set(operation["responses"])
            parameters = operation.get("parameters", [])
            where = f"{method.upper()} {path}"
            if operation.get("security"):
                assert {"401", "403"} <= declared, where
            if any(p["in"] == "path" for p in parameters):
                assert "404" in declared, where
            if parameters or "requestBody" in operation:
                assert "422" in declared, where
            if "requestBody" in operation:
                assert {"400", "413"} <= declared, where
            for status in declared:
                if status.startswith(("4", "5")):
                    schema = operation["responses"][status]["content"]["application/json"]
                    assert schema["schema"]["$ref"].endswith("/ErrorOut"), (where, status)


@pytest.mark.parametrize("api", APIS)
def test_every_document_names_each_status_once(api):
    """ninja keys the declared statuses by number, the factory by string: one key each."""

    def no_repeats(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"{api}: repeated keys {keys}"
        return dict(pairs)

    json.loads(Client().get(f"{api}/openapi.json").content, object_pairs_hook=no_repeats)


@pytest.mark.parametrize(
    ("api", "path", "method"),
    [("/api/registry", "/api/registry/releases", "post"), ("/services", "/services", "patch")],
)
def test_a_deploy_that_may_fetch_modules_hosted_elsewhere_declares_its_503(api, path, method):
    document = Client().get(f"{api}/openapi.json").json()
    assert "503" in document["paths"][path][method]["responses"]
