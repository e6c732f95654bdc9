from ninja import Field, Schema

from contracts.catalog import PRODUCT_ID

MAX_QUANTITY = 99


class LineAdd(Schema):
    product_id: str = Field(pattern=PRODUCT_ID, max_length=120)
    quantity: int = Field(1, ge=1, le=MAX_QUANTITY)


class LineSet(Schema):
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class LineOut(Schema):
    product_id: str
    name: str
    image_url: str
    price_cents: int
    price_display: str
    quantity: int
    line_total_cents: int
    line_total_display: str
    stock: int
    in_stock: bool


class CartOut(Schema):
    items: list[LineOut]
    count: int
    subtotal_cents: int
    subtotal_display: str
    currency: str
