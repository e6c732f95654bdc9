"""The catalog BFF: a Search BFF over the catalog's own datastore (``/bff/catalog/api/``).

Queries are public, paginated and cacheable: each answers with ``ETag`` and
``Cache-Control`` and a ``304`` when the client already has the answer.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query

from bazaar.api import conditional_json, conditional_response, create_api, errors
from bazaar.auth import JWTAuth
from bazaar.errors import Invalid, NotFound
from bffs.catalog import selectors, services
from bffs.catalog.images import product_svg
from bffs.catalog.models import Product
from bffs.catalog.schemas import (
    CategoryOut,
    PriceList,
    PriceListResult,
    ProductChange,
    ProductDetailOut,
    ProductPageOut,
    ProductQuery,
)

QUERY_MAX_AGE = 60  # seconds: the catalog changes rarely, and ETags make revalidation cheap
IMAGE_MAX_AGE = 24 * 60 * 60  # 1 day

api = create_api(
    namespace="catalog",
    title="Catalog BFF",
    description="Search BFF of the demo storefront: categories, products, product images.",
)


def _summary(request: HttpRequest, product: Product) -> dict:
    image = reverse("catalog:product_image", kwargs={"product_id": product.id})
    return selectors.product_out(product, image_url=request.build_absolute_uri(image))


def _product_or_404(product_id: str) -> Product:
    product = selectors.product_get(product_id)
    if product is None:
        raise NotFound(f"product {product_id!r} does not exist")
    return product


@api.get("/categories", response=list[CategoryOut], tags=["catalog"])
def list_categories(request: HttpRequest) -> HttpResponse:
    payload = [
        CategoryOut.model_validate(category, from_attributes=True).model_dump()
        for category in selectors.category_list()
    ]
    return conditional_json(request, payload, max_age=QUERY_MAX_AGE)


def product_page(request: HttpRequest, query: ProductQuery) -> dict:
    """One page of the search's results, as the API answers it."""
    products = selectors.product_search(query)
    total = products.count()
    start = (query.page - 1) * query.page_size
    items = [_summary(request, p) for p in products[start : start + query.page_size]]
    return ProductPageOut(
        items=items,
        page=query.page,
        page_size=query.page_size,
        total=total,
        pages=max(1, math.ceil(total / query.page_size)),
    ).model_dump()


@api.get("/products", response={200: ProductPageOut, 304: None, **errors(422)}, tags=["catalog"])
def list_products(request: HttpRequest, query: Query[ProductQuery]) -> HttpResponse:
    return conditional_json(request, product_page(request, query), max_age=QUERY_MAX_AGE)


@api.get("/products/{product_id}", response={200: ProductDetailOut, 304: None}, tags=["catalog"])
def get_product(request: HttpRequest, product_id: str) -> HttpResponse:
    product = _product_or_404(product_id)
    payload = ProductDetailOut(
        **_summary(request, product),
        description=product.description,
        details=product.details,
        related=[_summary(request, p) for p in selectors.product_related(product)],
    ).model_dump()
    return conditional_json(request, payload, max_age=QUERY_MAX_AGE)


@api.get(
    "/products/{product_id}/image.svg",
    url_name="product_image",
    tags=["catalog"],
    response={200: None, 304: None},
)
def product_image(request: HttpRequest, product_id: str) -> HttpResponse:
    product = _product_or_404(product_id)
    svg = product_svg(
        product_id=product.id,
        name=product.name,
        category_slug=product.category_id,
        color=product.category.color,
    )
    return conditional_response(
        request, svg.encode(), content_type="image/svg+xml", max_age=IMAGE_MAX_AGE
    )


@api.patch(
    "/products/{product_id}",
    auth=JWTAuth(roles={"admin"}),
    response={200: ProductDetailOut, **errors(401, 403, 404, 422)},
    tags=["back office"],
)
def change_product(request: HttpRequest, product_id: str, payload: ProductChange):
    """Change a product's price or stock (admin). The change is announced as
    ``product-updated``: carts, orders and wish lists follow."""
    if payload.price_cents is None and payload.stock is None:
        raise Invalid("give price_cents, stock or both")
    product = services.product_update(
        product_id=product_id, actor=request.auth.sub, **payload.model_dump()
    )
    if product is None:
        raise NotFound(f"product {product_id!r} does not exist")
    return get_product(request, product_id)


@api.post(
    "/prices",
    auth=JWTAuth(roles={"admin"}),
    response={200: PriceListResult, **errors(401, 403, 422)},
    tags=["back office"],
)
def import_prices(request: HttpRequest, payload: PriceList):
    """Import a price list (admin): every known product's new price in one transaction, each
    change announced as ``product-updated``."""
    if bad := sorted(pid for pid, cents in payload.prices.items() if cents < 0):
        raise Invalid(f"prices: a price cannot be negative ({', '.join(bad[:5])})")
    updated = services.product_prices_import(prices=payload.prices, actor=request.auth.sub)
    return {"updated": len(updated), "unknown": sorted(set(payload.prices) - set(updated))}
