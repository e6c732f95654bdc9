"""The orders BFF (``/bff/orders/api/``), an Action BFF: place an order from the cart, and
follow it. Placing takes a client-generated order id and an ``Idempotency-Key``: replaying the
command returns the same order, never a second one."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path

from bazaar.api import conditional_json, create_api, errors
from bazaar.auth import JWTAuth
from bazaar.errors import NotFound
from bazaar.idempotency import RequiredKey, answer_once
from bffs.orders import selectors, services
from bffs.orders.models import Idempotency
from bffs.orders.schemas import ORDER_ID, OrderIn, OrderListOut, OrderOut

api = create_api(
    namespace="orders",
    title="Orders BFF",
    description="Place and follow orders. Bearer JWT from the shop's OpenID provider.",
    auth=JWTAuth(roles={"shopper"}),
)

OrderId = Path(..., pattern=ORDER_ID)


@api.post(
    "/orders",
    response={201: OrderOut, **errors(401, 403, 409, 422)},
    tags=["orders"],
)
def place_order(request: HttpRequest, payload: OrderIn, idempotency_key: str = RequiredKey):
    """Place an order. 409 ``out_of_stock`` when a product has too few units left; 422
    ``idempotency_key_reused`` when the key came before with another request."""
    owner = request.auth.sub
    body = payload.model_dump()

    def place():
        order = services.order_place(owner=owner, **body)
        return 201, selectors.order_out(order)

    return answer_once(
        store=Idempotency,
        owner=owner,
        key=idempotency_key,
        operation="place-order",
        request=body,
        command=place,
    )


@api.get("/orders", response={200: OrderListOut, 304: None, **errors(401, 403)}, tags=["orders"])
def list_orders(request: HttpRequest) -> HttpResponse:
    items = [selectors.order_out(o) for o in selectors.orders_for(owner=request.auth.sub)[:100]]
    return conditional_json(request, {"items": items, "count": len(items)}, max_age=0, private=True)


@api.get(
    "/orders/{order_id}",
    response={200: OrderOut, 304: None, **errors(401, 403, 404)},
    tags=["orders"],
)
def get_order(request: HttpRequest, order_id: str = OrderId) -> HttpResponse:
    order = selectors.order_get(owner=request.auth.sub, order_id=order_id)
    if order is None:
        raise NotFound(f"order {order_id!r} does not exist")
    return conditional_json(request, selectors.order_out(order), max_age=0, private=True)
