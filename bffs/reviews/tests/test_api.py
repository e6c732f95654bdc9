"""The reviews BFF as its callers see it: a shopper writes, rewrites and withdraws
their own review of a product, everyone reads them, and every change is an event."""

import pytest
from django.test import Client

from bazaar.models import now_ms
from bffs.reviews.listener import listener
from bffs.reviews.models import HandledEvent, PendingEvent, ProductView
from contracts.testing import product_updated
from eventhub.testing import deliver

pytestmark = pytest.mark.django_db(databases=["default", "reviews"])

API = "/bff/reviews/api"
KETTLE = "kitchen-kettle-01"


@pytest.fixture
def client():
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture(autouse=True)
def catalog_copy(db):
    deliver(listener, product_updated(KETTLE, name="Copper Kettle"))


def put(client, issuer, text, sub="alice", product=KETTLE, stars=4):
    return client.put(
        f"{API}/items/{product}",
        {"stars": stars, "text": text},
        content_type="application/json",
        **issuer.bearer(sub, name=sub.title()),
    )


def events():
    return [row.envelope for row in PendingEvent.objects.order_by("seq")]


def test_a_shopper_writes_rewrites_and_withdraws_their_own(client, issuer):
    created = put(client, issuer, "Boils fast.")
    assert created.status_code == 201
    assert created.json() | {"created_at": 0, "updated_at": 0} == {
        "product_id": KETTLE,
        "product_name": "Copper Kettle",
        "image_url": f"/bff/catalog/api/products/{KETTLE}/image.svg",
        "author": "Alice",
        "stars": 4,
        "text": "Boils fast.",
        "created_at": 0,
        "updated_at": 0,
        "mine": True,
    }
    assert put(client, issuer, "Boils fast.").status_code == 200  # a replay: nothing new
    assert len(events()) == 1
    assert put(client, issuer, "Boils fast, pours well.").status_code == 200
    mine = client.get(f"{API}/items", **issuer.bearer("alice")).json()
    assert [item["text"] for item in mine["items"]] == ["Boils fast, pours well."]
    one = client.get(f"{API}/items/{KETTLE}", **issuer.bearer("alice"))
    assert one.json()["text"] == "Boils fast, pours well."
    assert client.get(f"{API}/items/{KETTLE}", **issuer.bearer("bob")).status_code == 404
    # Asked as a list, "none of mine" is an answer (what the product page asks: no 404).
    of_kettle = f"{API}/items?product_id={KETTLE}"
    assert client.get(of_kettle, **issuer.bearer("bob")).json()["items"] == []
    assert [i["text"] for i in client.get(of_kettle, **issuer.bearer("alice")).json()["items"]] == [
        "Boils fast, pours well."
    ]
    bad = client.get(f"{API}/items?product_id=../x", **issuer.bearer("alice"))
    assert bad.status_code == 422

    assert client.delete(f"{API}/items/{KETTLE}", **issuer.bearer("alice")).status_code == 204
    assert client.delete(f"{API}/items/{KETTLE}", **issuer.bearer("alice")).status_code == 204
    assert client.get(f"{API}/items", **issuer.bearer("alice")).json()["count"] == 0
    [first, second, withdrawn] = events()
    assert first["type"] == "review-updated"
    assert first["tags"]["source"] == "reviews"
    assert first["review"]["text"] == "Boils fast."
    assert second["review"]["text"] == "Boils fast, pours well."
    assert withdrawn["review"]["deleted"] is True
    assert len({first["id"], second["id"], withdrawn["id"]}) == 3


def test_everyone_reads_a_products_entries_but_changes_only_their_own(client, issuer):
    put(client, issuer, "Mine.", sub="alice", stars=5)
    put(client, issuer, "Bob's.", sub="bob", stars=2)
    listed = client.get(f"{API}/products/{KETTLE}/items").json()
    assert listed["average"] == 3.5
    assert sorted(item["author"] for item in listed["items"]) == ["Alice", "Bob"]
    assert not any(item["mine"] for item in listed["items"])
    assert client.get(f"{API}/items", **issuer.bearer("bob")).json()["count"] == 1
    # carol never wrote one: nothing of alice's or bob's is hers to withdraw
    response = client.delete(f"{API}/items/{KETTLE}", **issuer.bearer("carol"))
    assert response.status_code == 404
    assert client.get(f"{API}/products/{KETTLE}/items").json()["count"] == 2


def test_bad_input_is_refused_naming_the_problem_and_nothing_is_written(client, issuer):
    unknown = put(client, issuer, "Nice.", product="not-in-the-catalog-99")
    assert unknown.status_code == 404
    assert "not-in-the-catalog-99" in unknown.json()["detail"]
    for stars in (0, 6, None):
        response = put(client, issuer, "Stars out of range.", stars=stars)
        assert response.status_code == 422
        assert "stars" in str(response.json())
    too_long = put(client, issuer, "x" * 2001)
    assert too_long.status_code == 422
    assert client.get(f"{API}/items", **issuer.bearer("alice")).json()["count"] == 0
    assert events() == []


def test_a_product_withdrawn_from_the_catalog_drops_out_of_the_lists(client, issuer):
    put(client, issuer, "Good while it lasted.")
    deliver(listener, product_updated(KETTLE, deleted=True, timestamp=now_ms() + 1000))
    assert client.get(f"{API}/products/{KETTLE}/items").json()["count"] == 0


def test_the_catalog_copy_is_idempotent_without_an_inbox(issuer):
    """A copy's latest timestamp wins, so an event delivered again (or late) changes nothing,
    and no inbox row is kept for it."""
    event = product_updated("kitchen-pan-02", name="Pan", timestamp=now_ms())
    deliver(listener, event)
    later = product_updated("kitchen-pan-02", name="Pan v2", timestamp=event.timestamp + 1)
    deliver(listener, later)
    deliver(listener, event)  # again, after a newer one
    assert ProductView.objects.get(product_id="kitchen-pan-02").name == "Pan v2"
    assert not HandledEvent.objects.filter(type="product-updated").exists()


def test_a_rating_alone_is_a_review_and_changing_the_stars_is_an_event(client, issuer):
    assert put(client, issuer, "", stars=3).status_code == 201
    assert put(client, issuer, "", stars=5).json()["stars"] == 5
    assert [e["review"]["stars"] for e in events()] == [3, 5]
    empty = client.get(f"{API}/products/kitchen-other-01/items").json()
    assert empty == {"items": [], "count": 0, "average": None}
