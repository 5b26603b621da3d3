"""Rendering pages: Jinja2 templates with the reader's language, direction and CSRF token.

Templates never mark user content as safe: drafts, names and imported posts are escaped
(autoescape), so hostile HTML in them shows as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from poise.web import i18n
from poise.web.security import csrf_token


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("poise.web", "templates"),
        autoescape=select_autoescape(("html", "xml")),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["moment"] = i18n.format_moment
    env.filters["number"] = i18n.format_number
    return env


def locale_of(request: Request) -> str:
    """The reader's locale, worked out by the locale middleware."""
    return str(getattr(request.state, "locale", i18n.DEFAULT))


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page in the reader's language."""
    locale = locale_of(request)
    catalog = i18n.translations(locale)
    values: dict[str, Any] = {
        "request": request,
        "locale": locale,
        "dir": i18n.direction(locale),
        "locales": [(code, i18n.language_name(code)) for code in i18n.LOCALES],
        "_": catalog.gettext,
        "gettext": catalog.gettext,
        "ngettext": catalog.ngettext,
        "csrf_token": csrf_token(request),
        "user": getattr(request.state, "user", None),
    }
    values.update(context or {})
    html = environment().get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)
