from ninja import Field, Schema

PRODUCT_ID = r"^[a-z0-9][a-z0-9-]*$"


class ReviewIn(Schema):
    text: str = Field(min_length=1, max_length=2000, pattern=r"\S")


class ReviewOut(Schema):
    product_id: str
    product_name: str
    image_url: str
    author: str
    text: str
    created_at: int
    updated_at: int
    mine: bool


class ReviewListOut(Schema):
    items: list[ReviewOut]
    count: int
