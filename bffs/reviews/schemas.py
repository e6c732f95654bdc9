from ninja import Field, Schema

PRODUCT_ID = r"^[a-z0-9][a-z0-9-]*$"


class ReviewIn(Schema):
    stars: int = Field(ge=1, le=5)
    text: str = Field("", max_length=2000)


class ReviewOut(Schema):
    product_id: str
    product_name: str
    image_url: str
    author: str
    stars: int
    text: str
    created_at: int
    updated_at: int
    mine: bool


class ReviewListOut(Schema):
    items: list[ReviewOut]
    count: int
    average: float | None  # stars, to one decimal; None without reviews
