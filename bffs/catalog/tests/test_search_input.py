"""Search text with control characters is refused, whatever the character: a NUL once made
SQLite's LIKE match every product."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db(databases=["default", "catalog"])

API = "/bff/catalog/api"


@pytest.mark.parametrize(
    "q", ["\x00", "lamp\x00", "\x00lamp", "desk\nlamp", "\t", "\x1b[31m", "\x7f", "\x85"]
)
def test_search_text_with_a_control_character_is_refused_with_422_naming_q(client, q):
    response = client.get(f"{API}/products", {"q": q})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"] == [{"field": "q", "message": "must not contain control characters"}]
    assert body["detail"] == "q: must not contain control characters"


@pytest.mark.parametrize("q", ["lamp", "Café crème", "日本", "desk  lamp", ""])
def test_printable_search_text_is_searched(client, q):
    assert client.get(f"{API}/products", {"q": q}).status_code == 200


def test_the_search_declares_its_422_in_the_shared_error_shape():
    document = Client().get(f"{API}/openapi.json").json()
    responses = document["paths"][f"{API}/products"]["get"]["responses"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
