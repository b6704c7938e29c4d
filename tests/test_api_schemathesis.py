"""schemathesis against the OpenAPI schema: no request it generates makes the server fail (5xx), and
every error comes back in the one JSON shape. Bounded: a few examples per operation."""
from __future__ import annotations

import pytest

from .conftest import loopback_asgi

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(seed_store):
    import schemathesis

    from newsgraph.api import create_app

    return schemathesis.openapi.from_asgi("/api/openapi.json", loopback_asgi(create_app(seed_store)))


def test_api_schema_fuzzing_finds_no_server_error(api_schema):
    import time

    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error

    started = time.monotonic()
    operations = [op.ok() for op in api_schema.get_all_operations()]
    assert len(operations) >= 8
    seen_errors = 0
    for op, mode in [(op, mode) for op in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]:
        strategy = op.as_strategy(generation_mode=mode)

        @given(case=strategy)
        @settings(max_examples=4, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal seen_errors
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                seen_errors += 1
                body = response.json()
                assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint", "status"}
                assert body["error"]["status"] == response.status_code

        try:
            run()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE  # an operation without parameters has no invalid input
    assert time.monotonic() - started < 60
    assert seen_errors, "bad inputs were generated and answered in the error shape"


def test_api_schema_fuzzing_of_writes_finds_no_server_error(store, pipeline):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error

    from newsgraph.api import create_app

    schema = schemathesis.openapi.from_asgi("/api/openapi.json",
                                              loopback_asgi(create_app(store, token="fuzzing-token-123")))
    writes = [op.ok() for op in schema.get_all_operations() if op.ok().method.upper() == "POST"]
    assert writes
    for op in writes:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=op.as_strategy(generation_mode=mode))
            @settings(max_examples=4, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                response = case.call(headers={"Authorization": "Bearer fuzzing-token-123"})
                case.validate_response(response, checks=[not_a_server_error])
                # every write answers with success or a client error in the one error shape
                # (a suggestion or judgement that does not exist is a 404, a bad body a 422)
                assert response.status_code < 500, response.text
                if response.status_code >= 400:
                    assert "error" in response.json(), response.text

            run()
