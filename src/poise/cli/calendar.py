"""``poise calendar``: list the sensitive dates of one or more countries over a date range."""

from __future__ import annotations

import datetime
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from poise.calendar import (
    SUPPORTED_COUNTRIES,
    DateKind,
    SensitiveDate,
    sensitive_dates,
    weekday_name,
)

LANGUAGES: tuple[str, ...] = ("en", "fr", "ar", "ja")
MAX_YEARS = 3
_KIND_STYLES = {DateKind.SOLEMN: "red", DateKind.OBSERVANCE: "yellow", DateKind.FESTIVE: "green"}


def register(app: typer.Typer) -> None:
    """Add the ``calendar`` command to ``app``."""
    app.command("calendar")(calendar_command)


def calendar_command(
    country: Annotated[
        list[str],
        typer.Option(
            "--country",
            "-c",
            help="ISO 3166 alpha-2 country code; repeat for several countries.",
        ),
    ],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day (included), YYYY-MM-DD.")],
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the names: en, fr, ar, ja.")
    ] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List holidays, remembrance days and observances that could make a post ill-timed."""
    countries = parse_countries(country)
    first, last = parse_range(start, end)
    language = parse_language(lang)
    dates = collect(countries, first, last)
    if as_json:
        for date in dates:
            typer.echo(json.dumps(to_json(date, language), ensure_ascii=False))
    else:
        print_table(dates, first, last, language)


def parse_countries(values: list[str]) -> list[str]:
    """Upper-cased, de-duplicated codes; raises BadParameter listing the supported codes."""
    codes = list(dict.fromkeys(value.strip().upper() for value in values))
    unknown = [code for code in codes if code not in SUPPORTED_COUNTRIES]
    if unknown:
        raise typer.BadParameter(
            f"unknown country code {', '.join(unknown)}. "
            f"Use one of: {', '.join(SUPPORTED_COUNTRIES)}.",
            param_hint="--country",
        )
    return codes


def parse_range(start: str, end: str) -> tuple[datetime.date, datetime.date]:
    """Parse both ends and check the range is in order and at most three years long."""
    first = parse_day(start, "--from")
    last = parse_day(end, "--to")
    if first > last:
        raise typer.BadParameter(
            f"{first.isoformat()} is after --to {last.isoformat()}; swap the two dates.",
            param_hint="--from",
        )
    if last > _years_after(first, MAX_YEARS):
        raise typer.BadParameter(
            f"the range is longer than {MAX_YEARS} years; split it into several shorter ranges.",
            param_hint="--to",
        )
    return first, last


def parse_day(text: str, option: str) -> datetime.date:
    """Parse an ISO date (YYYY-MM-DD) or raise BadParameter with an example."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date; write it as YYYY-MM-DD, for example 2026-08-01.",
            param_hint=option,
        ) from None


def parse_language(lang: str) -> str:
    """Check ``lang`` is one of the supported name languages."""
    code = lang.strip().lower()
    if code not in LANGUAGES:
        raise typer.BadParameter(
            f"{lang!r} is not supported; use one of: {', '.join(LANGUAGES)}.",
            param_hint="--lang",
        )
    return code


def collect(countries: list[str], first: datetime.date, last: datetime.date) -> list[SensitiveDate]:
    """Every country's dates in the range, by day, then in the order countries were given."""
    order = {code: index for index, code in enumerate(countries)}
    dates = [date for code in countries for date in sensitive_dates(code, first, last)]
    return sorted(dates, key=lambda date: (date.day, order[date.country], date.key))


def to_json(date: SensitiveDate, lang: str) -> dict[str, Any]:
    """Every field of ``date``, plus its weekday and name in ``lang``."""
    return {
        "day": date.day.isoformat(),
        "weekday": weekday_name(date.day, lang),
        "country": date.country,
        "key": date.key,
        "kind": date.kind.value,
        "name": date.name(lang),
        "names": dict(date.names),
        "keywords": list(date.keywords),
        "fasting": date.fasting,
        "observed_by": date.observed_by,
        "source": date.source,
    }


def print_table(
    dates: list[SensitiveDate], first: datetime.date, last: datetime.date, lang: str
) -> None:
    """Print the dates as a Rich table, kinds coloured (solemn red, observance yellow)."""
    console = Console()
    if not dates:
        console.print(f"No sensitive dates from {first.isoformat()} to {last.isoformat()}.")
        return
    table = Table(title=f"Sensitive dates {first.isoformat()} – {last.isoformat()}")
    for column in ("Date", "Weekday", "Country", "Kind", "Name"):
        table.add_column(column, overflow="fold")
    for date in dates:
        table.add_row(
            date.day.isoformat(),
            weekday_name(date.day, lang),
            date.country,
            Text(date.kind.value, style=_KIND_STYLES[date.kind]),
            date.name(lang),
        )
    console.print(table)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)
