"""Fulfilment's API (``/bff/fulfilment/api/``): the back office's view of shipments (admin)."""

from __future__ import annotations

from django.http import HttpRequest

from bazaar.api import create_api, errors
from bazaar.auth import JWTAuth
from bffs.fulfilment import selectors
from bffs.fulfilment.schemas import ShipmentOut

api = create_api(
    namespace="fulfilment",
    title="Fulfilment",
    description="Shipments of placed orders; they advance on their own. Admin JWT required.",
    auth=JWTAuth(roles={"admin"}),
)


@api.get("/shipments", response={200: list[ShipmentOut], **errors(401, 403)}, tags=["fulfilment"])
def list_shipments(request: HttpRequest):
    return selectors.shipments_recent()
