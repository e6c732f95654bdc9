"""Input and output schemas of the catalog BFF, one per operation."""

import unicodedata
from enum import StrEnum

from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError


class ProductSort(StrEnum):
    featured = "featured"
    price = "price"
    price_desc = "-price"
    name = "name"
    newest = "newest"


class ProductQuery(Schema):
    category: str | None = Field(None, max_length=60, pattern=r"^[a-z0-9-]+$")
    q: str | None = Field(None, max_length=100)
    sort: ProductSort = ProductSort.featured
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(24, ge=1, le=100)

    @field_validator("q")
    @classmethod
    def _printable(cls, q: str | None) -> str | None:
        # A NUL ends the string for SQLite's LIKE, which then matched every product; no
        # search needs a control character, so none is accepted.
        if q is not None and any(unicodedata.category(c) == "Cc" for c in q):
            raise PydanticCustomError("control_characters", "must not contain control characters")
        return q


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    color: str
    product_count: int


class CategoryRef(Schema):
    slug: str
    name: str


class ProductSummaryOut(Schema):
    id: str
    name: str
    category: CategoryRef
    price_cents: int
    currency: str
    price_display: str
    stock: int
    in_stock: bool
    image_url: str
    rating: float
    review_count: int


class ProductDetailOut(ProductSummaryOut):
    description: str
    details: list[str]
    related: list[ProductSummaryOut]


class ProductPageOut(Schema):
    items: list[ProductSummaryOut]
    page: int
    page_size: int
    total: int
    pages: int


class ProductChange(Schema):
    """A back-office change of price and/or stock (at least one)."""

    price_cents: int | None = Field(None, ge=0, le=10_000_000)
    stock: int | None = Field(None, ge=0, le=1_000_000)


class PriceList(Schema):
    """New prices by product id, in cents."""

    prices: dict[str, int] = Field(min_length=1, max_length=5_000)


class PriceListResult(Schema):
    updated: int
    unknown: list[str]
