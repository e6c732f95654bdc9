from ninja import Schema


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
