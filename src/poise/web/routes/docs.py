"""The JSON API's reference at /docs, rendered from the app's own OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from poise.web.templating import render

router = APIRouter()
_METHODS = ("get", "post", "put", "patch", "delete")


@router.get("/docs", include_in_schema=False)
def api_reference(request: Request) -> Response:
    """Every operation of the API with its parameters, body and answers; the machine-readable
    document is at /api/openapi.json."""
    spec = request.app.openapi()
    return render(request, "api_docs.html", {"spec": spec, "operations": _operations(spec)})


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is not None:
                found.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": operation.get("parameters", []),
                        "body": _schema_name(operation.get("requestBody")),
                        "responses": {
                            code: answer.get("description", "")
                            for code, answer in operation.get("responses", {}).items()
                        },
                    }
                )
    return found


def _schema_name(body: dict[str, Any] | None) -> str:
    if not body:
        return ""
    schema = body.get("content", {}).get("application/json", {}).get("schema", {})
    return str(schema.get("$ref", "")).rsplit("/", 1)[-1]
