from ninja import Field, Schema

PRODUCT_ID = r"^[a-z0-9][a-z0-9-]*$"


class ItemIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    price_display: str = Field("", max_length=30)
    image_url: str = Field("", max_length=500, pattern=r"^(https?://\S+)?$")


class ItemOut(Schema):
    product_id: str
    name: str
    price_display: str
    image_url: str
    added_at: int


class WishlistOut(Schema):
    items: list[ItemOut]
    count: int


class StatsOut(Schema):
    shoppers: int
    items: int
