"""Property-based API test (schemathesis, in-process against the WSGI app): every operation of the OpenAPI schema,
a bounded number of generated requests each, signed in as a province officer; no request may end in a server
error. Runs with the rest of the suite (CI included)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from thidua.core.models import ApiToken
from thidua.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def bearer(staff):
    # Requests go straight to the WSGI app: keep Django from closing the test's database connection after each
    # (the test client does the same).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {ApiToken.issue(staff)}"}
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_server_error(case, bearer, unit_a):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, case.body,
                                        response.status_code, response.text[:500])
