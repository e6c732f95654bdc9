"""Canary buckets: each visitor gets a sticky bucket, 0–99, on their first page; a canary at
N% goes to the buckets below N, so the same visitors keep the same version on every page and
a promoted or widened canary only ever adds visitors.

The bucket is a signed cookie (a visitor cannot choose their version by editing it; a bad
signature just means a new bucket). Pages are rendered from a per-revision cache keyed by
which canaries the bucket is in, so a canary costs one cache entry more, not one per visitor.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "bazaar_bucket"
SALT = "bazaar.canary-bucket"
BUCKETS = 100
MAX_AGE_S = 365 * 24 * 3600


def bucket_of(request: HttpRequest) -> int | None:
    """The visitor's bucket, if their cookie holds a valid one."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
    if value is None or not value.isdigit() or not 0 <= int(value) < BUCKETS:
        return None
    return int(value)


def assign_bucket(request: HttpRequest) -> tuple[int, bool]:
    """The visitor's bucket, and whether it is new (then ``keep_bucket`` sets the cookie)."""
    bucket = bucket_of(request)
    return (bucket, False) if bucket is not None else (secrets.randbelow(BUCKETS), True)


def keep_bucket(response: HttpResponse, bucket: int) -> None:
    response.set_signed_cookie(
        COOKIE,
        str(bucket),
        salt=SALT,
        max_age=MAX_AGE_S,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
