"""The web's routes, one module per area. Each module has a ``router``."""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every router, pages first, then the JSON API."""
    from poise.web.routes import auth

    return [auth.router]
