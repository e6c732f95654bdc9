"""Every BFF's OpenAPI document declares the errors its operations really answer, in the one
error shape."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

COMMANDS = [
    ("cart", "/cart/items", "post", {"200", "401", "403", "422"}),
    ("cart", "/cart/items/{product_id}", "put", {"200", "401", "403", "404", "422"}),
    ("orders", "/orders", "post", {"201", "401", "403", "409", "422"}),
    ("orders", "/orders/{order_id}", "get", {"200", "304", "401", "403", "404"}),
    ("wishlist", "/items/{product_id}", "put", {"200", "201", "401", "403", "404", "422"}),
]


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
