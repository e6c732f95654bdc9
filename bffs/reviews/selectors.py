"""Reviews queries."""

from django.db.models import QuerySet

from bffs.reviews.models import ProductView, Review


def review_list(*, owner: str | None = None, product_id: str | None = None) -> QuerySet:
    rows = Review.objects.filter(deleted=False)
    if owner is not None:
        rows = rows.filter(owner=owner)
    if product_id is not None:
        rows = rows.filter(product_id=product_id)
    return rows


def review_out(rows: list[Review], *, viewer: str | None) -> list[dict]:
    """Rows with the product's name and image from this BFF's copy of the catalog; products
    withdrawn from the catalog are left out."""
    products = ProductView.objects.in_bulk([row.product_id for row in rows])
    return [
        {
            "product_id": row.product_id,
            "product_name": product.name,
            "image_url": product.image_url,
            "author": row.author,
            "stars": row.stars,
            "text": row.text,
            "created_at": row.created_at,
            "updated_at": row.timestamp,
            "mine": row.owner == viewer,
        }
        for row in rows
        if (product := products.get(row.product_id)) is not None and not product.deleted
    ]
