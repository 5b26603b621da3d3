"""Errors of the JSON API, always as JSON with a message that says what is wrong:

    401  no token, or an unknown or revoked one
    403  the token's role may not do this
    404  no such thing in the token's workspace (another workspace's ids included)
    409  clashes with what is stored (a draft saved by someone else meanwhile)
    422  invalid input; ``field`` names it

Every route of the API is an ``ApiRoute``, which turns the services' errors and request
validation errors into these responses (the pages' error handlers render HTML instead).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from poise.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    ServiceError,
)

_STATUS: dict[type[ServiceError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Invalid: 422,
    Conflict: 409,
    RateLimited: 429,
}
_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})


class ApiError(BaseModel):
    """What went wrong."""

    status: int = Field(description="The HTTP status, repeated.", examples=[422])
    message: str = Field(
        description="What is wrong and how to fix it.",
        examples=["text: write something, or attach an image, before saving"],
    )
    field: str | None = Field(
        default=None, description="The input at fault, when there is one.", examples=["text"]
    )
    problems: list[str] = Field(
        default_factory=list, description="Every problem found, when there are several."
    )


class Unauthenticated(Exception):
    """The request has no usable API token."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ApiError, "description": "No API token, or an unknown or revoked one."},
    403: {"model": ApiError, "description": "The token's role does not allow this."},
    404: {"model": ApiError, "description": "No such thing in the token's workspace."},
    422: {"model": ApiError, "description": "Invalid input; `field` names it."},
}


class ApiRoute(APIRoute):
    """A route whose errors are answered as ``ApiError`` JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except Unauthenticated as error:
                headers = {"www-authenticate": 'Bearer realm="poise"'}
                return error_response(401, error.message, headers=headers)
            except ServiceError as error:
                return _service_error(error)
            except RequestValidationError as error:
                return _validation_error(error.errors())

        return answer


def api_router(tag: str) -> APIRouter:
    """A router of the API, documented under ``tag``."""
    return APIRouter(route_class=ApiRoute, tags=[tag], responses=ERROR_RESPONSES)


def error_response(
    status: int,
    message: str,
    field: str | None = None,
    problems: Sequence[str] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ApiError(status=status, message=message, field=field, problems=list(problems))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _service_error(error: ServiceError) -> JSONResponse:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    field = error.field if isinstance(error, Invalid) else None
    problems = error.problems if isinstance(error, Invalid) else ()
    headers = {"retry-after": str(error.retry_after)} if isinstance(error, RateLimited) else None
    return error_response(status, error.message, field, problems, headers)


def _validation_error(errors: Sequence[Any]) -> JSONResponse:
    """Pydantic's findings, the first one as the message, each naming its field."""
    problems = [_problem(item) for item in errors]
    first = errors[0] if errors else {}
    return error_response(
        422, problems[0] if problems else "invalid input", _field(first), problems
    )


def _field(error: Any) -> str | None:
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in _LOCATIONS:
        location = location[1:]
    return ".".join(location) or None


# Pydantic's words for the commonest problems, said the way the rest of Poise says them.
_WORDS = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this request; remove it",
}


def _problem(error: Any) -> str:
    kind = error.get("type")
    if kind == "json_invalid":
        return f"the body is not valid JSON ({error.get('ctx', {}).get('error', 'cannot parse')})"
    field = _field(error)
    if field is None and kind == "missing":
        return "send the request's fields as a JSON object in the body"
    return f"{field or 'body'}: {_WORDS.get(kind, str(error.get('msg', 'is not valid')))}"
