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


def visitor_page_config(request: HttpRequest):
    """The current revision as this visitor gets it, and the bucket a new cookie must keep
    (None: nothing to set). A bucket is only handed out while the revision has a canary: a
    shop without one sets no cookie."""
    from shell.registry.selectors import (
        canaries_for,
        current_revision_key,
        page_config,
        revision_canaries,
    )

    number, created_at = current_revision_key()
    bucket, new = bucket_of(request), None
    if bucket is None and revision_canaries(number, created_at):
        bucket = new = secrets.randbelow(BUCKETS)
    return page_config(number, created_at, canaries_for(number, created_at, bucket)), new


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
