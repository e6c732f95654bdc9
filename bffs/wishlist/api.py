"""The wish list BFF (``/bff/wishlist/api/``): every operation needs a valid JWT, and sees only
the caller's own items (a foreign or unknown product id is simply not found)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path, Status

from bazaar.api import conditional_json, create_api, errors
from bazaar.auth import JWTAuth
from bazaar.errors import NotFound
from bffs.wishlist import selectors, services
from bffs.wishlist.schemas import ItemOut, StatsOut, WishlistOut
from contracts.catalog import PRODUCT_ID

shopper = JWTAuth(roles={"shopper"})
admin = JWTAuth(roles={"admin"})

api = create_api(
    namespace="wishlist",
    title="Wish list BFF",
    description="A shopper's saved products. Bearer JWT from the shop's OpenID provider.",
    auth=shopper,
)

ProductId = Path(..., pattern=PRODUCT_ID, max_length=120)


def _item_out(item) -> dict:
    [out] = selectors.items_out([item]) or [None]
    if out is None:
        raise NotFound(f"{item.product_id!r} is no longer in the catalog")
    return out


@api.get("/items", response={200: WishlistOut, 304: None, **errors(401, 403)}, tags=["wishlist"])
def list_items(request: HttpRequest) -> HttpResponse:
    items = selectors.items_out(list(selectors.wishlist_items(owner=request.auth.sub)))
    return conditional_json(request, {"items": items, "count": len(items)}, max_age=0, private=True)


@api.get(
    "/items/{product_id}", response={200: ItemOut, **errors(401, 403, 404, 422)}, tags=["wishlist"]
)
def get_item(request: HttpRequest, product_id: str = ProductId):
    item = selectors.wishlist_item(owner=request.auth.sub, product_id=product_id)
    if item is None:
        raise NotFound(f"{product_id!r} is not on your wish list")
    return _item_out(item)


@api.put(
    "/items/{product_id}",
    response={200: ItemOut, 201: ItemOut, **errors(401, 403, 404, 422)},
    tags=["wishlist"],
)
def put_item(request: HttpRequest, product_id: str = ProductId):
    """Save a catalog product to the list (no body: name, price and image come from the
    catalog's events); replaying the same request changes nothing more."""
    item, created = services.wishlist_item_save(owner=request.auth.sub, product_id=product_id)
    return Status(201 if created else 200, _item_out(item))


@api.delete(
    "/items/{product_id}", response={204: None, **errors(401, 403, 404, 422)}, tags=["wishlist"]
)
def delete_item(request: HttpRequest, product_id: str = ProductId):
    """Remove a product; removing it again is fine, but a product never saved is not found."""
    if not services.wishlist_item_remove(owner=request.auth.sub, product_id=product_id):
        raise NotFound(f"{product_id!r} is not on your wish list")
    return Status(204, None)


@api.get("/stats", response={200: StatsOut, **errors(401, 403)}, auth=admin, tags=["admin"])
def stats(request: HttpRequest):
    return selectors.wishlist_stats()
