"""``poise check``: review drafts from the command line, one or a batch of JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from poise import settings as settings_module
from poise.cli.render import show
from poise.review import Draft, Review, ReviewContext, Verdict, build_profile, default_engine
from poise.review.inputs import (
    InputError,
    Request,
    check_text,
    parse_countries,
    parse_events,
    parse_language,
    parse_network,
    parse_request,
    parse_time,
)
from poise.review.messages import languages as message_languages

EXIT_PASS, EXIT_FLAGGED, EXIT_BAD_INPUT = 0, 1, 2


def fail(message: str) -> typer.Exit:
    """Print ``message`` on standard error; the caller raises the returned exit (status 2)."""
    typer.echo(f"poise: {message}", err=True)
    return typer.Exit(EXIT_BAD_INPUT)


def check(
    text: Annotated[
        str | None, typer.Argument(help="The post; read from standard input when omitted.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the post (detected when omitted).")
    ] = None,
    network: Annotated[
        str | None, typer.Option(help="bluesky, mastodon, x, linkedin or threads.")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="Publish time, ISO-8601 (UTC when no offset).")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option(help="Audience country (repeatable).")
    ] = None,
    events: Annotated[Path | None, typer.Option(help="JSON file of active world events.")] = None,
    account_profile: Annotated[
        Path | None,
        typer.Option(help="Past posts of the account: JSON list, or one post per line."),
    ] = None,
    ui_lang: Annotated[
        str | None, typer.Option("--ui-lang", help="Language of the messages.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of a report.")
    ] = False,
    batch: Annotated[
        str | None, typer.Option(help="JSON Lines file of drafts, or - for standard input.")
    ] = None,
) -> None:
    """Review drafts before they go out. Exit 0: all pass; 1: something needs review or is
    blocked; 2: bad input."""
    try:
        defaults = _defaults(lang, network, at, country, events, account_profile, ui_lang)
    except (InputError, settings_module.SettingsError) as error:
        raise fail(str(error)) from None
    if batch is not None:
        raise typer.Exit(_run_batch(batch, defaults))
    raise typer.Exit(_run_one(text, defaults, as_json))


def _defaults(
    lang: str | None,
    network: str | None,
    at: str | None,
    countries: list[str] | None,
    events: Path | None,
    account_profile: Path | None,
    ui_lang: str | None,
) -> Request:
    config = settings_module.current()
    language = ui_lang or config.ui_language
    if language not in message_languages():
        raise InputError(f"--ui-lang: {language!r} is not one of {', '.join(message_languages())}")
    context = ReviewContext(
        at=parse_time(at, "--at") if at else None,
        countries=parse_countries(countries, "--country") if countries else config.countries,
        languages=config.languages,
        events=_read_events(events) if events else (),
        voice=build_profile(_read_posts(account_profile), config.languages)
        if account_profile
        else None,
        ui_language=language,
    )
    draft = Draft(
        text="",
        language=parse_language(lang) if lang else None,
        network=parse_network(network) if network else None,
    )
    return Request(None, draft, context)


def _read_events(path: Path) -> Any:
    try:
        return parse_events(json.loads(_read(path, "--events")), "--events")
    except json.JSONDecodeError as error:
        raise InputError(
            f"--events {path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


def _read_posts(path: Path) -> list[str]:
    content = _read(path, "--account-profile")
    if path.suffix.lower() == ".json":
        try:
            raw = json.loads(content)
        except json.JSONDecodeError as error:
            raise InputError(f"--account-profile {path}: not valid JSON ({error.msg})") from None
        posts = raw.get("posts") if isinstance(raw, dict) else raw
        if not isinstance(posts, list) or not all(isinstance(p, str) for p in posts):
            raise InputError(f"--account-profile {path}: expected a list of posts (strings)")
        return posts
    return [line for line in content.splitlines() if line.strip()]


def _read(path: Path, option: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise InputError(f"{option} {path}: cannot read it ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise InputError(
            f"{option} {path}: not valid UTF-8 at byte {error.start}; save it as UTF-8"
        ) from None


def _run_one(text: str | None, defaults: Request, as_json: bool) -> int:
    if text is None:
        if sys.stdin.isatty():
            raise fail("give the post as an argument or on standard input")
        text = sys.stdin.read()
    try:
        draft = replace(defaults.draft, text=check_text(text))
    except InputError as error:
        raise fail(str(error)) from None
    result = default_engine().review(draft, defaults.context)
    if as_json:
        typer.echo(json.dumps(_output(None, result), ensure_ascii=False))
    else:
        show(Console(), draft.text, result, defaults.context.ui_language)
    return EXIT_PASS if result.verdict is Verdict.PASS else EXIT_FLAGGED


def _run_batch(source: str, defaults: Request) -> int:
    requests, errors = _parse_batch(source, defaults)
    if errors:
        for error in errors:
            typer.echo(f"poise: {error}", err=True)
        return EXIT_BAD_INPUT
    engine = default_engine()
    flagged = False
    for request in requests:
        result = engine.review(request.draft, request.context)
        flagged |= result.verdict is not Verdict.PASS
        sys.stdout.write(json.dumps(_output(request.id, result), ensure_ascii=False) + "\n")
    return EXIT_FLAGGED if flagged else EXIT_PASS


def _parse_batch(source: str, defaults: Request) -> tuple[list[Request], list[str]]:
    """Every request, or every bad line (all of them, so one run shows everything to fix)."""
    requests, errors = [], []
    try:
        for number, raw in _lines(source):
            try:
                line = _decode(raw)
                if line.strip():
                    requests.append(parse_request(_json(line), defaults))
            except InputError as error:
                errors.append(f"line {number}: {error}")
    except OSError as error:
        errors.append(f"--batch {source}: cannot read it ({error.strerror})")
    return requests, errors


def _lines(source: str) -> Iterator[tuple[int, bytes]]:
    if source == "-":
        yield from enumerate(sys.stdin.buffer, start=1)
        return
    with open(source, "rb") as stream:
        yield from enumerate(stream, start=1)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8 at byte {error.start}; save the file as UTF-8") from None


def _json(line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg} at column {error.colno})") from None


def _output(identifier: Any, result: Review) -> dict[str, Any]:
    return {
        "id": identifier,
        "verdict": result.verdict.value,
        "score": result.score,
        "language": result.language,
        "findings": [
            {
                "check": f.check,
                "severity": f.severity.value,
                "message": f.message,
                "span": None
                if f.span is None
                else {"start": f.span.start, "end": f.span.end, "field": f.span.field},
                "suggestion": f.suggestion,
            }
            for f in result.findings
        ],
    }
