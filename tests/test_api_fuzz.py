"""Schema-driven fuzzing of the HTTP API (schemathesis, bounded): no input makes it answer 5xx."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from interviewer.api.app import create_app
from interviewer.config import Settings
from interviewer.runtime import Runtime
from interviewer.store.tokens import create_token

DATA = Path(tempfile.mkdtemp(prefix="interviewer-fuzz-"))
APP_SETTINGS = Settings(data_dir=DATA, backend="offline")
TOKEN = create_token(Runtime(APP_SETTINGS).store, "fuzzer")[1]
app = create_app(APP_SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_api_fail_with_5xx(case: Any) -> None:
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])
    if response.status_code >= 400:
        content_type = response.headers.get("content-type") or [""]
        assert str(content_type[0]).startswith("application/problem+json"), response.text[:300]
