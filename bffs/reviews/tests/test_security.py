"""Every operation of the reviews BFF that needs a token says so: without one it
answers 401 with a JSON error, and its OpenAPI declares that answer."""

import pytest
from django.test import Client

from bffs.reviews.api import api

pytestmark = pytest.mark.django_db(databases=["default", "reviews"])

API = "/bff/reviews/api"


def operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path.removeprefix(API), method, operation


def test_protected_operations_refuse_a_missing_token_as_declared(issuer):
    client = Client(HTTP_HOST="127.0.0.1")
    protected = [(p, m, o) for p, m, o in operations() if o.get("security")]
    assert protected, "the BFF has operations that need a token"
    for path, method, operation in protected:
        url = API + path.replace("{product_id}", "kitchen-kettle-01").replace("{id}", "1")
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 401, (method, path)
        assert response.json()["detail"], (method, path)
        assert "401" in operation["responses"], (method, path)


def test_a_token_for_another_audience_is_refused(issuer):
    client = Client(HTTP_HOST="127.0.0.1")
    [(path, method, _), *_] = [(p, m, o) for p, m, o in operations() if o.get("security")]
    url = API + path.replace("{product_id}", "kitchen-kettle-01").replace("{id}", "1")
    bearer = issuer.bearer(aud="some-other-service", roles=("shopper", "admin"))
    response = getattr(client, method)(url, content_type="application/json", **bearer)
    assert response.status_code == 401
