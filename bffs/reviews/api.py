"""The reviews BFF (``/bff/reviews/api/``), a Task BFF: it owns a shopper's
commands on their own reviews. Anyone may read a product's reviews; writing needs a
valid JWT and touches only the caller's own."""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from ninja import Path, Query, Status

from bazaar.api import create_api, errors
from bazaar.auth import JWTAuth
from bazaar.errors import NotFound
from bffs.reviews import selectors, services
from bffs.reviews.models import Review
from bffs.reviews.schemas import (
    ReviewIn,
    ReviewListOut,
    ReviewOut,
)
from contracts.catalog import PRODUCT_ID

shopper = JWTAuth(roles={"shopper"})

api = create_api(
    namespace="reviews",
    title="Reviews BFF",
    description="Owns a shopper's commands on their own entries, one per product. Bearer JWT from the shop's OpenID provider.",
    auth=shopper,
)

AUTHOR_LENGTH = Review._meta.get_field("author").max_length
ProductId = Path(..., pattern=PRODUCT_ID, max_length=120, examples=["kitchen-kettle-01"])


def _listed(rows, viewer: str | None) -> dict:
    items = selectors.review_out(list(rows), viewer=viewer)
    average = round(sum(i["stars"] for i in items) / len(items), 1) if items else None
    return {"items": items, "count": len(items), "average": average}


@api.get(
    "/products/{product_id}/items",
    response={200: ReviewListOut, **errors(422)},
    auth=None,
    tags=["reviews"],
)
def product_items(request: HttpRequest, product_id: str = ProductId):
    """Everyone's reviews of a product, newest first (no token needed)."""
    return _listed(selectors.review_list(product_id=product_id), viewer=None)


@api.get("/items", response={200: ReviewListOut, **errors(401, 403, 422)}, tags=["reviews"])
def my_items(
    request: HttpRequest,
    product_id: str | None = Query(None, pattern=PRODUCT_ID, max_length=120),
):
    """The caller's own reviews, newest first; ``product_id``: the one of that product, if
    any (an empty list, not a 404, when there is none)."""
    sub = request.auth.sub
    return _listed(selectors.review_list(owner=sub, product_id=product_id), viewer=sub)


@api.get(
    "/items/{product_id}",
    response={200: ReviewOut, **errors(401, 403, 404, 422)},
    tags=["reviews"],
)
def my_item(request: HttpRequest, product_id: str = ProductId):
    """The caller's own review of a product."""
    sub = request.auth.sub
    return _one(selectors.review_list(owner=sub, product_id=product_id), viewer=sub)


def _author(name: str) -> str:
    """The name shown with a review, as the provider gives it, made to fit its column:
    PostgreSQL refuses a longer one or a NUL outright (a 500), so control characters go and
    the first ``AUTHOR_LENGTH`` characters stay."""
    return "".join(c for c in name if unicodedata.category(c) != "Cc")[:AUTHOR_LENGTH]


def _one(rows, viewer: str) -> dict:
    listed = selectors.review_out(list(rows), viewer=viewer)
    if not listed:
        raise NotFound("no such review of a product in the catalog")
    return listed[0]


@api.put(
    "/items/{product_id}",
    response={200: ReviewOut, 201: ReviewOut, **errors(401, 403, 404, 422)},
    tags=["reviews"],
)
def put_item(request: HttpRequest, body: ReviewIn, product_id: str = ProductId):
    """Write or rewrite the caller's review of a catalog product (201 when new)."""
    principal = request.auth
    row, created = services.review_save(
        owner=principal.sub,
        author=_author(principal.name or principal.sub),
        product_id=product_id,
        stars=body.stars,
        text=body.text.strip(),
    )
    return Status(201 if created else 200, _one([row], viewer=principal.sub))


@api.delete(
    "/items/{product_id}", response={204: None, **errors(401, 403, 404, 422)}, tags=["reviews"]
)
def delete_item(request: HttpRequest, product_id: str = ProductId):
    """Withdraw the caller's review; again is fine, but one never written is not found."""
    if not services.review_remove(owner=request.auth.sub, product_id=product_id):
        raise NotFound(f"you have no review of {product_id!r}")
    return Status(204, None)
