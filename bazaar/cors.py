"""What the shop's pages may send a BFF on another origin: the BFFs' CORS answers
(``bazaar.bff_settings``) and the gateway's own while a BFF is down (``stack``)."""

ALLOW_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "idempotency-key",
    "if-none-match",
    "if-match",
    "traceparent",  # the W3C trace context the outbox sends with every command
)
