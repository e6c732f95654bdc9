"""Catalog search through the full-text index: every word, by prefix, kept in step with the
products by triggers, and answered by the index rather than a scan."""

import pytest
from django.db import connections

from bffs.catalog.models import Product
from bffs.catalog.schemas import ProductQuery
from bffs.catalog.seed import CATEGORIES, seed
from bffs.catalog.selectors import product_search

pytestmark = pytest.mark.django_db(databases=["default", "catalog"])

API = "/bff/catalog/api"


def names(client, **params) -> list[str]:
    body = client.get(f"{API}/products", {"page_size": 100, **params}).json()
    return [p["name"] for p in body["items"]]


def test_a_word_matches_by_prefix(client):
    found = names(client, q="lam")
    assert found and all("lam" in name.lower() for name in found)
    assert set(names(client, q="lamp")) <= set(found)


def test_every_word_must_match_in_any_order(client):
    desk_lamps = names(client, q="desk lamp")
    assert desk_lamps and all("desk lamp" in name.lower() for name in desk_lamps)
    assert set(names(client, q="lamp desk")) == set(desk_lamps)


def test_accents_and_case_do_not_matter(client):
    assert names(client, q="LÁMP") == names(client, q="lamp")


def test_words_in_the_description_and_category_match(client):
    # Every product's description names its category's collection.
    assert len(names(client, q="lighting collection")) == len(names(client, category="lighting"))


def test_punctuation_is_not_query_syntax(client):
    for q in ['"', "lamp*", "lamp OR mug", "NEAR(lamp mug)", "-lamp", "lamp:", "'; drop"]:
        assert client.get(f"{API}/products", {"q": q}).status_code == 200, q
    assert names(client, q="lamp*") == names(client, q="lamp")


def test_the_index_follows_changes_to_products(client):
    product = Product.objects.filter(deleted=False).first()
    assert "zanzibar" not in names(client, q="zanzibar")
    product.name = "Zanzibar Kettle"
    product.save()
    assert names(client, q="zanzib") == ["Zanzibar Kettle"]
    product.delete()
    assert names(client, q="zanzibar") == []


def test_the_search_uses_the_index_not_a_scan(client):
    queryset = product_search(ProductQuery(q="desk lamp"))
    sql, params = queryset.query.sql_with_params()
    with connections["catalog"].cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "catalog_product_fts VIRTUAL TABLE INDEX" in plan, plan


def test_a_larger_catalog_can_be_seeded_for_measuring():
    assert seed(products=600) == 600 + (-600) % len(CATEGORIES)
    assert Product.objects.count() >= 600
