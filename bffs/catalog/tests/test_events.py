"""The catalog on the hub: it decides each order (all its units taken out of stock, exactly
once, and ``order-accepted``; or none and ``order-rejected`` with the reason), reviews keep the
average rating, and every change of price or stock is announced as product-updated."""

from __future__ import annotations

import pytest
from django.db import transaction

from bffs.catalog import services
from bffs.catalog.listener import listener
from bffs.catalog.models import Category, PendingEvent, Product
from contracts.reviews import ReviewState, ReviewUpdated
from contracts.testing import order_placed
from eventhub.testing import deliver

pytestmark = pytest.mark.django_db(databases=["default", "catalog"])


@pytest.fixture
def kettle():
    category = Category.objects.create(slug="kitchen", name="Kitchen", description="", color="#000")
    with transaction.atomic(using="catalog"):
        return Product.objects.create(
            id="kitchen-kettle-01",
            name="Copper Kettle",
            category=category,
            description="",
            price_cents=3999,
            stock=10,
            rating=4,
            timestamp=1_000,
            last_modified_by="seed",
        )


def test_stock_decreases_exactly_once_when_the_hub_delivers_an_order_twice(kettle):
    event = order_placed("order-0001", lines=[("kitchen-kettle-01", 3, 3999)])
    deliver(listener, event)
    deliver(listener, event)
    kettle.refresh_from_db()
    assert kettle.stock == 7
    assert kettle.last_modified_by == "order:order-0001"
    assert [(kind, order["id"]) for kind, order in decisions()] == [
        ("order-accepted", "order-0001")
    ]


def decisions() -> list[tuple[str, dict]]:
    return [
        (row.type, row.envelope["order"])
        for row in PendingEvent.objects.filter(type__in=["order-accepted", "order-rejected"])
    ]


def test_an_order_for_more_than_is_left_is_rejected_and_takes_nothing(kettle):
    deliver(listener, order_placed("order-0002", lines=[("kitchen-kettle-01", 12, 3999)]))
    kettle.refresh_from_db()
    assert kettle.stock == 10  # neither clamped to zero nor below it
    [(kind, order)] = decisions()
    assert kind == "order-rejected" and order["id"] == "order-0002"
    assert order["reason"] == "only 10 of Copper Kettle left (the order asked for 12)"
    assert not PendingEvent.objects.filter(
        type="product-updated", envelope__product__stock=0
    ).exists()


def test_an_order_is_filled_whole_or_not_at_all(kettle):
    Product.objects.filter(id=kettle.id).update(stock=1)
    lines = [("kitchen-kettle-01", 1, 3999), ("garden-trowel-09", 1, 100)]
    deliver(listener, order_placed("order-0005", lines=lines))
    kettle.refresh_from_db()
    assert kettle.stock == 1
    [(kind, order)] = decisions()
    assert kind == "order-rejected" and order["reason"] == "garden-trowel-09 is no longer sold"


def test_the_last_units_go_to_the_first_order_and_the_next_is_told_sold_out(kettle):
    deliver(listener, order_placed("order-0006", lines=[("kitchen-kettle-01", 10, 3999)]))
    deliver(listener, order_placed("order-0007", lines=[("kitchen-kettle-01", 1, 3999)]))
    kettle.refresh_from_db()
    assert kettle.stock == 0
    assert [(kind, order["id"]) for kind, order in decisions()] == [
        ("order-accepted", "order-0006"),
        ("order-rejected", "order-0007"),
    ]
    assert decisions()[1][1]["reason"] == "Copper Kettle is sold out"


def test_each_change_of_stock_or_price_is_announced(kettle):
    deliver(listener, order_placed("order-0003", lines=[("kitchen-kettle-01", 2, 3999)]))
    services.product_update(product_id="kitchen-kettle-01", price_cents=4599, actor="admin")
    announced = [
        (
            row.envelope["product"]["stock"],
            row.envelope["product"]["price_cents"],
            row.envelope["timestamp"],
        )
        for row in PendingEvent.objects.filter(type="product-updated")
    ]
    assert [(s, p) for s, p, _ in announced] == [(10, 3999), (8, 3999), (8, 4599)]
    timestamps = [t for _, _, t in announced]
    assert timestamps == sorted(set(timestamps)), "every change is newer than the last"


def test_an_order_for_an_unknown_product_changes_nothing(kettle):
    deliver(listener, order_placed("order-0004", lines=[("garden-trowel-09", 1, 100)]))
    assert PendingEvent.objects.filter(type="product-updated").count() == 1  # the kettle's creation
    assert [kind for kind, _ in decisions()] == ["order-rejected"]


def test_an_admin_changes_a_price_and_the_change_is_announced(kettle, issuer):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    url = "/bff/catalog/api/products/kitchen-kettle-01"
    change = {"price_cents": 4599}
    shopper = client.patch(url, change, content_type="application/json", **issuer.bearer())
    assert shopper.status_code == 403
    admin = issuer.bearer("root", roles=("admin",))
    response = client.patch(url, change, content_type="application/json", **admin)
    assert response.status_code == 200
    assert response.json()["price_cents"] == 4599
    latest = PendingEvent.objects.last().envelope
    assert (latest["product"]["price_cents"], latest["tags"]["source"]) == (4599, "catalog")
    empty = client.patch(url, {}, content_type="application/json", **admin)
    assert empty.status_code == 422
    missing = client.patch(url + "x", change, content_type="application/json", **admin)
    assert missing.status_code == 404


def test_a_price_list_import_announces_every_change_in_one_transaction(kettle, issuer):
    from django.test import Client

    admin = issuer.bearer("root", roles=("admin",))
    response = Client(HTTP_HOST="127.0.0.1").post(
        "/bff/catalog/api/prices",
        {"prices": {"kitchen-kettle-01": 5099, "kitchen-nothing-09": 100}},
        content_type="application/json",
        **admin,
    )
    assert response.json() == {"updated": 1, "unknown": ["kitchen-nothing-09"]}
    kettle.refresh_from_db()
    assert kettle.price_cents == 5099
    assert PendingEvent.objects.last().envelope["product"]["price_cents"] == 5099


def review(
    owner: str,
    stars: int,
    timestamp: int,
    *,
    deleted: bool = False,
    product_id: str = "kitchen-kettle-01",
) -> ReviewUpdated:
    """A ``review-updated`` as the reviews BFF's trigger builds it."""
    return ReviewUpdated.create(
        partition_key=product_id,
        entity=f"{owner}|{product_id}",
        timestamp=timestamp,
        source="reviews",
        review=ReviewState(
            owner=owner,
            author=owner.title(),
            product_id=product_id,
            stars=stars,
            text="",
            deleted=deleted,
        ),
    )


def rating(product: Product) -> tuple[float, int]:
    product.refresh_from_db()
    return float(product.rating), product.review_count


def test_reviews_keep_the_average_rating_current_each_counted_once(kettle):
    deliver(listener, review("alice", 5, 2_000), review("bob", 2, 2_000))
    assert rating(kettle) == (3.5, 2)
    deliver(listener, review("bob", 2, 2_000))  # redelivered: nothing changes
    deliver(listener, review("bob", 4, 3_000))  # bob changed his mind
    assert rating(kettle) == (4.5, 2)
    deliver(listener, review("bob", 1, 2_500))  # late and older than bob's latest: ignored
    assert rating(kettle) == (4.5, 2)
    deliver(listener, review("alice", 5, 4_000, deleted=True))
    assert rating(kettle) == (4.0, 1)
    assert PendingEvent.objects.filter(type="product-updated").count() == 1  # only the fixture's


def test_a_review_of_an_unknown_product_changes_no_product(kettle):
    deliver(listener, review("alice", 3, 2_000, product_id="kitchen-pan-09"))
    assert rating(kettle) == (4.0, 0)
    assert not Product.objects.filter(id="kitchen-pan-09").exists()
