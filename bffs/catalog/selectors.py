"""Catalog queries. Every read excludes soft-deleted rows."""

from __future__ import annotations

import re

from django.db import connections
from django.db.models import Count, Q, QuerySet

from bazaar.money import display
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


# What a list of products shows: the long texts stay in the database.
LIST_ONLY_DEFERRED = ("description", "details", "search_text")
# Full-text conditions on catalog_product by database: every term must match, as a prefix
# ("lam" finds lamps), through the FTS5 index (SQLite) or the tsvector GIN index (PostgreSQL).
FULL_TEXT = {
    "sqlite": (
        "catalog_product.rowid IN (SELECT rowid FROM catalog_product_fts "
        "WHERE catalog_product_fts MATCH %s)"
    ),
    "postgresql": "to_tsvector('simple', catalog_product.search_text) @@ to_tsquery('simple', %s)",
}


def search_terms(q: str) -> list[str]:
    """The words of ``q`` as the index splits them: letters and digits, lower-cased."""
    return re.findall(r"\w+", q.lower())


def _full_text(products: QuerySet[Product], terms: list[str]) -> QuerySet[Product]:
    vendor = connections[products.db].vendor
    if vendor == "sqlite":
        match = " ".join(f'"{term}"*' for term in terms)
    elif vendor == "postgresql":
        match = " & ".join(f"{term}:*" for term in terms)
    else:  # any other database: a scan, word by word
        for term in terms:
            products = products.filter(search_text__contains=term)
        return products
    return products.extra(where=[FULL_TEXT[vendor]], params=[match])


def product_search(query: ProductQuery) -> QuerySet[Product]:
    """Products matching every word of ``q`` (in name, category or description), by prefix."""
    products = (
        Product.objects.filter(deleted=False).select_related("category").defer(*LIST_ONLY_DEFERRED)
    )
    if query.category:
        products = products.filter(category_id=query.category)
    terms = search_terms(query.q or "")
    if terms:
        products = _full_text(products, terms)
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


def product_out(product: Product, *, image_url: str) -> dict:
    """A product as the catalog's answers show it (a page's items, a product, its related)."""
    return {
        "id": product.id,
        "name": product.name,
        "category": {"slug": product.category.slug, "name": product.category.name},
        "price_cents": product.price_cents,
        "currency": product.currency,
        "price_display": display(product.price_cents, product.currency),
        "stock": product.stock,
        "in_stock": product.stock > 0,
        "image_url": image_url,
        "rating": float(product.rating),
        "review_count": product.review_count,
    }
