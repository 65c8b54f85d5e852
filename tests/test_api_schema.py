"""The API against its own OpenAPI document: schemathesis sends generated requests, valid and not.

Every answer must match the document (status code, content type, body
schema) and none may be a server error. The number of examples per operation
is bounded, and the run is derandomised so CI always sends the same requests.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from kb.models import Actor, Agreement, Event, Period, Source, Tag, Venue
from kb.wsgi import application

EXAMPLES_PER_OPERATION = 40

CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "deterministic": True, "max-examples": EXAMPLES_PER_OPERATION},
        "checks": {
            # A well-formed slug that names no tag, actor or venue is refused with 400 and a
            # message saying so, rather than answered with an empty list.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]},
        },
    }
)


# Fetched at collection, before there is a test database for the page cache to read its data version from.
with override_settings(KB_PAGE_CACHE_SECONDS=0):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


# The WSGI transport does not undo a gzip encoding as an HTTP client would, so the stored pages'
# compressed copies (kb.page_cache) are not asked for; tests/test_page_cache.py checks them.
HEADERS = {"Host": "testserver", "Accept-Encoding": "identity"}


@pytest.fixture(autouse=True)
def keep_the_test_transactions_connection():
    """Requests go straight to the WSGI application, whose end-of-request handler would close
    the connection holding the test's transaction; Django's test client holds it back the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_openapi_document(case):
    case.call_and_validate(headers=HEADERS)


DETAIL_OPERATIONS = {
    "events": Event,
    "agreements": Agreement,
    "actors": Actor,
    "venues": Venue,
    "tags": Tag,
    "periods": Period,
    "sources": Source,
}


@pytest.mark.django_db
@pytest.mark.parametrize("path", DETAIL_OPERATIONS)
def test_every_seeded_record_matches_the_openapi_document(path):
    """Generated slugs name nothing, so each real record's detail is checked as well."""
    model = DETAIL_OPERATIONS[path]
    records = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    operation = schema[f"/api/v1/{path}/{{slug}}/"]["GET"]
    statuses = [
        operation.Case(path_parameters={"slug": slug}).call_and_validate(headers=HEADERS).status_code
        for slug in records.values_list("slug", flat=True)
    ]
    assert statuses and set(statuses) == {200}
