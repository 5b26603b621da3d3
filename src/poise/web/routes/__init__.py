"""The web's routes, one module per area. Each module has a ``router``."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router, pages first, then the JSON API."""
    from poise.web import api
    from poise.web.routes import (
        account,
        audit,
        auth,
        calendar,
        composer,
        docs,
        drafts,
        events,
        members,
        settings,
        tokens,
        workspace,
    )

    return [
        auth.router,
        drafts.router,
        composer.router,
        workspace.router,
        account.router,
        members.router,
        settings.router,
        calendar.router,
        events.router,
        audit.router,
        tokens.router,
        docs.router,
        api.router,
    ]
