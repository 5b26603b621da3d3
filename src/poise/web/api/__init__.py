"""The JSON API, at ``/api/v1``, described in OpenAPI at ``/api/openapi.json`` (browsable at
``/docs``). It serves the same use cases as the pages, through the same services.

Callers authenticate with ``Authorization: Bearer <token>``; a token acts in its own workspace
only, with the role it was given. Errors are JSON (``errors.ApiError``).
"""

from __future__ import annotations

from fastapi import APIRouter

from poise.web.api import drafts, events, posts, review, workspace

router = APIRouter(prefix="/api/v1")
for _part in (workspace.router, drafts.router, posts.router, review.router, events.router):
    router.include_router(_part)

__all__ = ["router"]
