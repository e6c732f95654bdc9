"""One NinjaAPI factory and one error contract for the registry API and every BFF.

Every error, whatever raised it, answers the same JSON shape::

    {"detail": "page: Input should be greater than or equal to 1",
     "code": "validation_error",
     "errors": [{"field": "page", "message": "Input should be greater than or equal to 1"}]}

``detail`` is one readable sentence naming the problem; ``errors`` lists each field (only for
validation errors). Bad input is always a 4xx, never a 5xx.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from bazaar.errors import Conflict, DomainError, Forbidden, Invalid, NotFound


class ApiError(Exception):
    """An HTTP answer the API layer gives itself (403, 503…): its status and code fixed by the
    subclass. Services raise domain errors (``bazaar.errors``) instead."""

    status = 400
    code = "bad_request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# Each kind of domain error, as every API answers it.
DOMAIN_STATUS = ((Forbidden, 403), (NotFound, 404), (Conflict, 409), (Invalid, 422))


def domain_status(error: DomainError) -> int:
    return next((status for kind, status in DOMAIN_STATUS if isinstance(error, kind)), 400)


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """The one error shape of every API (declared in each OpenAPI document)."""

    detail: str
    code: str
    errors: list[FieldError] | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``response={200: Out, **errors(401, 403, 422)}``: the errors an operation answers."""
    return {status: ErrorOut for status in statuses}


def error_response(status: int, code: str, detail: str, errors: list | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


def _field_name(loc: list) -> str:
    # ninja reports ("query", "page") or ("body", "payload", "manifests", 0, "name"); users
    # care about the field as they sent it.
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header", "form", "cookie")]
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "request"


class RedactAuthorization(logging.Filter):
    """Keeps credentials out of the logs: with ``DEBUG`` on, ninja's ``HttpBearer`` logs the
    whole ``Authorization`` header (``Unexpected auth - '<header>'``) when its scheme is not
    Bearer, which is how a deploy token or a password sent as Basic would reach a log."""

    MARKER = "Unexpected auth - "

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and self.MARKER in record.msg:
            record.msg = "Unexpected auth scheme (the Authorization header is not logged)"
            record.args = ()
        return True


def _redact_authorization_in_logs() -> None:
    logger = logging.getLogger("django")  # the logger ninja's security classes use
    if not any(isinstance(f, RedactAuthorization) for f in logger.filters):
        logger.addFilter(RedactAuthorization())


# What any operation may answer besides what it declares, by what it takes: the platform
# answers these itself (validation, authentication, body limits), so they are declared here,
# once, for every operation of every API.
ERROR_MEANINGS = {
    400: "The body is not JSON",
    401: "Missing or invalid credentials",
    403: "The credentials lack a role or scope this operation needs",
    404: "Nothing at this path",
    413: "The body is larger than this endpoint takes",
    422: "A field is missing or invalid (the answer names it)",
    429: "Too many requests from this client: slow down",
    503: "Not now: busy, or something it needs cannot be reached (try again)",
}


def implied_errors(operation: dict) -> set[int]:
    """The error statuses an OpenAPI operation can answer by its shape alone."""
    parameters = operation.get("parameters", [])
    statuses = set()
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation:
        statuses |= {400, 413}
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if operation.get("security"):
        statuses |= {401, 403}
    return statuses


class BazaarAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document declares every error an operation really answers, in
    the one error shape (``ErrorOut``)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "ErrorOut" not in components:
            error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(error_schema.pop("$defs", {}))
            components["ErrorOut"] = error_schema
        reference = {"$ref": "#/components/schemas/ErrorOut"}
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                # One key per status, as a string (ninja keys the declared ones by number):
                # the declared errors and those implied by the operation's shape, each with
                # what it means.
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                declared = {int(k) for k in responses if k.isdigit() and int(k) in ERROR_MEANINGS}
                for status in sorted(declared | implied_errors(operation)):
                    answer = responses.get(str(status)) or {
                        "content": {"application/json": {"schema": reference}}
                    }
                    responses[str(status)] = {**answer, "description": ERROR_MEANINGS[status]}
                operation["responses"] = responses
        return schema


def create_api(
    *, namespace: str, title: str, version: str = "1.0.0", description: str = "", **kwargs: Any
) -> NinjaAPI:
    """A NinjaAPI with its own URL namespace, OpenAPI document and the shared error contract."""
    _redact_authorization_in_logs()
    api = BazaarAPI(
        title=title, version=version, description=description, urls_namespace=namespace, **kwargs
    )

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(e.get("loc", [])), "message": e.get("msg", "is invalid")}
            for e in exc.errors
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
        return error_response(422, "validation_error", detail, errors)

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.detail)

    @api.exception_handler(DomainError)
    def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(domain_status(exc), exc.code, exc.detail)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(exc.status_code, "unauthorized", exc.message or "Unauthorized")
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}.get(
            exc.status_code, "error"
        )
        return error_response(exc.status_code, code, exc.message)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", str(exc) or "not found")

    return api


def conditional_json(
    request: HttpRequest, payload: Any, *, max_age: int, private: bool = False
) -> HttpResponse:
    """A JSON query response with ``ETag`` and ``Cache-Control``; ``304`` when the client has it."""
    body = json.dumps(payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    return conditional_response(
        request, body, content_type="application/json", max_age=max_age, private=private
    )


def conditional_response(
    request: HttpRequest, body: bytes, *, content_type: str, max_age: int, private: bool = False
) -> HttpResponse:
    """``body`` with an ETag hashed from its bytes (so it changes exactly when the answer
    does), ``Cache-Control``, and ``304 Not Modified`` for a matching ``If-None-Match``."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in _etags(request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"{'private' if private else 'public'}, max-age={max_age}"
    response["Vary"] = "Authorization, Accept-Encoding"
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
