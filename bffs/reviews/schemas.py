import unicodedata

from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

TEXT_CONTROLS = {"\t", "\n", "\r"}  # the only control characters a review's text may hold


class ReviewIn(Schema):
    stars: int = Field(ge=1, le=5)
    text: str = Field("", max_length=2000)

    @field_validator("text")
    @classmethod
    def _printable(cls, text: str) -> str:
        # PostgreSQL refuses a NUL in text (a 500 in the distributed mode), and no review
        # needs a bell or a terminal escape: tabs and line breaks are all it takes.
        if any(unicodedata.category(c) == "Cc" and c not in TEXT_CONTROLS for c in text):
            raise PydanticCustomError(
                "control_characters",
                "must not contain control characters other than tabs and line breaks",
            )
        return text


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
