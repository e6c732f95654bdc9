"""The catalog BFF's query API: pagination, filters, caching headers and bad input."""

import pytest

from bffs.catalog.seed import PER_CATEGORY

pytestmark = pytest.mark.django_db(databases=["default", "catalog"])

API = "/bff/catalog/api"


def test_products_are_paginated(client):
    first = client.get(f"{API}/products", {"page_size": 10}).json()
    second = client.get(f"{API}/products", {"page_size": 10, "page": 2}).json()
    assert first["total"] == 12 * PER_CATEGORY
    assert first["pages"] == -(-first["total"] // 10)
    assert len(first["items"]) == len(second["items"]) == 10
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_a_page_past_the_end_is_empty_not_an_error(client):
    body = client.get(f"{API}/products", {"page": 999}).json()
    assert body["items"] == [] and body["total"] == 12 * PER_CATEGORY


def test_products_filter_by_category(client):
    body = client.get(f"{API}/products", {"category": "lighting", "page_size": 100}).json()
    assert body["total"] == PER_CATEGORY
    assert {p["category"]["slug"] for p in body["items"]} == {"lighting"}


def test_search_matches_every_word(client):
    body = client.get(f"{API}/products", {"q": "desk lamp", "page_size": 100}).json()
    assert body["total"] > 0
    assert all("desk lamp" in p["name"].lower() for p in body["items"])
    assert client.get(f"{API}/products", {"q": "zebra"}).json()["total"] == 0


def test_sorting_by_price(client):
    items = client.get(f"{API}/products", {"sort": "price", "page_size": 50}).json()["items"]
    prices = [p["price_cents"] for p in items]
    assert prices == sorted(prices)


def test_queries_send_an_etag_and_answer_304_when_it_matches(client):
    response = client.get(f"{API}/products", {"category": "books"})
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(f"{API}/products", {"category": "books"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"{API}/products", {"category": "bags"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200 and other["ETag"] != etag


def test_the_etag_changes_when_the_data_does(client):
    from bffs.catalog.models import Product

    etag = client.get(f"{API}/products", {"category": "books"})["ETag"]
    product = Product.objects.filter(category_id="books").first()
    product.stock += 1
    product.save()
    assert (
        client.get(f"{API}/products", {"category": "books"}, HTTP_IF_NONE_MATCH=etag).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": 101}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"sort": "cheapest"}, "sort"),
        ({"category": "DROP TABLE"}, "category"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_parameters_are_refused_with_422_naming_the_field(client, params, field):
    response = client.get(f"{API}/products", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["errors"]] == [field]
    assert body["detail"].startswith(f"{field}:")


def test_a_product_has_details_and_related_products(client):
    some = client.get(f"{API}/products", {"category": "garden"}).json()["items"][0]
    product = client.get(f"{API}/products/{some['id']}").json()
    assert product["name"] == some["name"]
    assert product["description"] and product["details"]
    assert 1 <= len(product["related"]) <= 4
    assert all(
        r["category"]["slug"] == "garden" and r["id"] != some["id"] for r in product["related"]
    )


def test_an_unknown_product_is_a_404_in_the_error_shape(client):
    response = client.get(f"{API}/products/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "product 'no-such-thing' does not exist",
        "code": "not_found",
    }


def test_every_product_has_a_generated_svg_image(client):
    product = client.get(f"{API}/products").json()["items"][0]
    response = client.get(product["image_url"].removeprefix("http://127.0.0.1"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg") and product["name"].encode() in response.content


def test_categories_count_their_products(client):
    categories = client.get(f"{API}/categories").json()
    assert len(categories) == 12
    assert {c["product_count"] for c in categories} == {PER_CATEGORY}


def test_the_openapi_document_and_docs_page_are_served(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["title"] == "Catalog BFF"
    assert "/bff/catalog/api/products" in schema["paths"]
    assert client.get(f"{API}/docs").status_code == 200
