"""The web's routes, one module per area. Each module has a ``router``."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router, pages first, then the JSON API."""
    from poise.web import api
    from poise.web.routes import (
        account,
        accounts,
        audit,
        auth,
        calendar,
        composer,
        docs,
        drafts,
        events,
        imports,
        members,
        notifications,
        pausing,
        posts,
        sandbox,
        settings,
        tokens,
        workspace,
    )

    return [
        auth.router,
        drafts.router,
        composer.router,
        posts.router,
        pausing.router,
        notifications.router,
        workspace.router,
        account.router,
        members.router,
        settings.router,
        calendar.router,
        accounts.router,
        imports.router,
        sandbox.router,
        events.router,
        audit.router,
        tokens.router,
        docs.router,
        api.router,
    ]
