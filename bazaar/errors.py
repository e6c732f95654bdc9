"""Domain errors: what a command or query refuses, in the domain's words and with no HTTP in
them. ``code`` names the kind (a subclass may name a finer one, e.g. ``out_of_stock``); each
API made by ``bazaar.api.create_api`` answers a kind with its status in the one error shape."""

from __future__ import annotations


class DomainError(Exception):
    code = "bad_request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """What was named does not exist (for this caller)."""

    code = "not_found"


class Conflict(DomainError):
    """Well-formed, but it contradicts what is there (the same id with other details, too few
    units left)."""

    code = "conflict"


class Forbidden(DomainError):
    """The caller is who it says, but may not do this (a deploy token scoped to other apps)."""

    code = "forbidden"


class Invalid(DomainError):
    """The input breaks a rule; the message names the field."""

    code = "validation_error"
