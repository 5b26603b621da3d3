"""Who is calling the API: the actor an ``Authorization: Bearer`` token stands for, scoped to
the token's workspace (so a token never reaches another workspace's data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from poise.domain import Actor
from poise.services import auth
from poise.web import i18n
from poise.web.api.errors import Unauthenticated
from poise.web.deps import client_ip, database

bearer = HTTPBearer(
    auto_error=False,
    description="An API token, made by an admin on the workspace's “API tokens” page.",
)


def token_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The token's actor, or 401 with what to send."""
    if credentials is None:
        raise Unauthenticated(
            "send an API token in the header 'Authorization: Bearer poise_…'; "
            "admins make tokens on the workspace's API tokens page"
        )
    with database(request).transaction() as s:
        actor = auth.authenticate_token(s, credentials.credentials, client_ip(request))
    if actor is None:
        raise Unauthenticated(
            "this API token is unknown or has been revoked; ask an admin for a new one"
        )
    return actor


def reader_language(request: Request) -> str:
    """The language review messages are written in: the best of ``Accept-Language``."""
    return i18n.negotiate(accept_language=request.headers.get("accept-language"))


Caller = Annotated[Actor, Depends(token_actor)]
Language = Annotated[str, Depends(reader_language)]
