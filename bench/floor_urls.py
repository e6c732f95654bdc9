"""The floor's views (see bench/floor.py)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import path

from bazaar.money import display
from bffs.catalog import selectors
from bffs.catalog.api import _summary, product_page
from bffs.catalog.api import api as catalog_api
from bffs.catalog.schemas import ProductQuery

FIRST_PRODUCT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body><p id="price">…</p><script type="module">
const id = new URLSearchParams(location.search).get("id");
const product = await (await fetch(`/product/${id}`)).json();
document.getElementById("price").textContent = product.price_display;
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


def drf_products_view():
    """The same search as a Django REST framework ``ListAPIView`` with a ``ModelSerializer``
    (what many Django projects would write), when DRF is installed (``make bench`` does)."""
    from rest_framework import generics, pagination, serializers

    from bffs.catalog.models import Product

    class ProductSerializer(serializers.ModelSerializer):
        category = serializers.SerializerMethodField()
        price_display = serializers.SerializerMethodField()
        image_url = serializers.SerializerMethodField()
        in_stock = serializers.SerializerMethodField()

        class Meta:
            model = Product
            fields = ["id", "name", "category", "price_cents", "currency", "price_display"]
            fields += ["stock", "in_stock", "image_url"]
            fields += ["rating", "review_count"]

        def get_category(self, product):
            return {"slug": product.category.slug, "name": product.category.name}

        def get_price_display(self, product):
            return display(product.price_cents, product.currency)

        def get_image_url(self, product):
            return f"/bff/catalog/api/products/{product.id}/image.svg"

        def get_in_stock(self, product):
            return product.stock > 0

    class Pages(pagination.PageNumberPagination):
        page_size_query_param = "page_size"

    class Products(generics.ListAPIView):
        serializer_class = ProductSerializer
        pagination_class = Pages
        authentication_classes: list = []
        permission_classes: list = []

        def get_queryset(self):
            return selectors.product_search(ProductQuery(q=self.request.GET.get("q", "")))

    return Products.as_view()


urlpatterns = [
    path("bff/catalog/api/", catalog_api.urls),  # for the image URLs the JSON names
    path("page", page),
    path("products", products),
    path("product/<str:product_id>", product),
    path("first-product.html", first_product),
]

try:
    urlpatterns.append(path("drf/products", drf_products_view()))
except ImportError:  # DRF is a bench-only dependency
    pass
