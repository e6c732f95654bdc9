"""The cart BFF (``/bff/cart/api/``), a Task BFF: the signed-in shopper's cart.

Every operation needs a shopper's JWT and sees only the caller's cart. Commands accept an
``Idempotency-Key``: a replayed command answers as the first one did and changes nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path

from bazaar.api import conditional_json, create_api, errors
from bazaar.auth import JWTAuth
from bazaar.idempotency import OptionalKey, answer_once
from bffs.cart import selectors, services
from bffs.cart.models import Idempotency
from bffs.cart.schemas import CartOut, LineAdd, LineSet
from contracts.catalog import PRODUCT_ID

api = create_api(
    namespace="cart",
    title="Cart BFF",
    description="A shopper's cart. Bearer JWT from the shop's OpenID provider; commands take "
    "an optional Idempotency-Key header and are safe to replay.",
    auth=JWTAuth(roles={"shopper"}),
)

ProductId = Path(..., pattern=PRODUCT_ID, max_length=120)
ERRORS = errors(401, 403, 422)


def _command(request: HttpRequest, key: str | None, operation: str, body: dict, change):
    owner = request.auth.sub

    def run():
        change(owner)
        return 200, selectors.cart_get(owner=owner)

    return answer_once(
        store=Idempotency, owner=owner, key=key, operation=operation, request=body, command=run
    )


@api.get("/cart", response={200: CartOut, 304: None, **errors(401, 403)}, tags=["cart"])
def get_cart(request: HttpRequest) -> HttpResponse:
    return conditional_json(
        request, selectors.cart_get(owner=request.auth.sub), max_age=0, private=True
    )


@api.post("/cart/items", response={200: CartOut, **ERRORS}, tags=["cart"])
def add_line(request: HttpRequest, payload: LineAdd, idempotency_key: str | None = OptionalKey):
    """Add units of a product to the cart (to the quantity it already holds)."""
    body = payload.model_dump()
    return _command(
        request,
        idempotency_key,
        "add",
        body,
        lambda owner: services.cart_line_add(owner=owner, **body),
    )


@api.put(
    "/cart/items/{product_id}", response={200: CartOut, **errors(404), **ERRORS}, tags=["cart"]
)
def set_line(
    request: HttpRequest,
    payload: LineSet,
    product_id: str = ProductId,
    idempotency_key: str | None = OptionalKey,
):
    """Set the quantity of a product already in the cart."""
    body = {"product_id": product_id, **payload.model_dump()}
    return _command(
        request,
        idempotency_key,
        "set",
        body,
        lambda owner: services.cart_line_set(owner=owner, **body),
    )


@api.delete("/cart/items/{product_id}", response={200: CartOut, **ERRORS}, tags=["cart"])
def remove_line(
    request: HttpRequest, product_id: str = ProductId, idempotency_key: str | None = OptionalKey
):
    """Remove a product from the cart (removing it again is fine)."""
    body = {"product_id": product_id}
    return _command(
        request,
        idempotency_key,
        "remove",
        body,
        lambda owner: services.cart_line_remove(owner=owner, **body),
    )
