"""Catalog queries. Every read excludes soft-deleted rows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from bffs.catalog.models import Category, Product
from bffs.catalog.schemas import ProductQuery, ProductSort

ORDERING = {
    ProductSort.featured: ["featured_rank", "id"],
    ProductSort.price: ["price_cents", "id"],
    ProductSort.price_desc: ["-price_cents", "id"],
    ProductSort.name: ["name", "id"],
    ProductSort.newest: ["-timestamp", "id"],
}


def category_list() -> QuerySet[Category]:
    # Aggregating queries ignore Meta.ordering, so order explicitly.
    return Category.objects.annotate(
        product_count=Count("products", filter=Q(products__deleted=False))
    ).order_by("position", "name")


def product_search(query: ProductQuery) -> QuerySet[Product]:
    """Products matching every word of ``q`` (in name, category or description)."""
    products = Product.objects.filter(deleted=False).select_related("category")
    if query.category:
        products = products.filter(category_id=query.category)
    for word in (query.q or "").lower().split():
        products = products.filter(search_text__contains=word)
    return products.order_by(*ORDERING[query.sort])


def product_get(product_id: str) -> Product | None:
    return Product.objects.filter(id=product_id, deleted=False).select_related("category").first()


def product_related(product: Product, limit: int = 4) -> QuerySet[Product]:
    return (
        Product.objects.filter(category_id=product.category_id, deleted=False)
        .exclude(id=product.id)
        .select_related("category")
        .order_by("featured_rank", "id")[:limit]
    )
