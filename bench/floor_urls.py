"""The floor's views (see bench/floor.py)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import path

from bffs.catalog import selectors
from bffs.catalog.api import _summary, product_page
from bffs.catalog.api import api as catalog_api
from bffs.catalog.schemas import ProductQuery

FIRST_PRODUCT = """<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head>
<body><p id="price">…</p><script type="module">
const id = new URLSearchParams(location.search).get("id");
const product = await (await fetch(`/product/${id}`)).json();
document.getElementById("price").textContent = product.price.display;
document.getElementById("price").dataset.testid = "product-price";
</script></body></html>"""


@functools.cache
def page_bytes() -> bytes:
    return settings.PAGE_FILE.read_bytes()


def page(request):
    return HttpResponse(page_bytes(), content_type="text/html; charset=utf-8")


def products(request):
    """The catalog BFF's query and JSON, without ninja, its handler or any middleware."""
    return JsonResponse(product_page(request, ProductQuery(**request.GET.dict())))


def product(request, product_id: str):
    return JsonResponse(_summary(request, selectors.product_get(product_id)))


def first_product(request):
    return HttpResponse(FIRST_PRODUCT, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bff/catalog/api/", catalog_api.urls),  # for the image URLs the JSON names
    path("page", page),
    path("products", products),
    path("product/<str:product_id>", product),
    path("first-product.html", first_product),
]
