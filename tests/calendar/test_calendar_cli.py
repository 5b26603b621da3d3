"""The ``poise calendar`` command."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from poise.cli.calendar import register


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    # A callback keeps Typer from collapsing a one-command app into that command.
    @app.callback()
    def main() -> None:
        """Test application."""

    register(app)
    return app


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["calendar", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_the_table_lists_japanese_names_and_weekdays(app: typer.Typer) -> None:
    code, output = run(
        app, "--country", "JP", "--from", "2026-08-01", "--to", "2026-08-31", "--lang", "ja"
    )
    assert code == 0
    assert "広島原爆の日" in output
    assert "長崎原爆の日" in output
    assert "日曜日" in output  # 9 August 2026
    assert "solemn" in output


def test_several_countries_are_merged_by_day(app: typer.Typer) -> None:
    code, output = run(
        app, "-c", "JP", "-c", "fr", "--from", "2026-08-15", "--to", "2026-08-15", "--json"
    )
    assert code == 0
    rows = [json.loads(line) for line in output.splitlines()]
    assert [(row["country"], row["key"]) for row in rows] == [
        ("JP", "jp-end-of-war"),
        ("JP", "jp-obon"),
        ("FR", "holiday:assumption-day"),
    ]


def test_json_lines_carry_every_field(app: typer.Typer) -> None:
    code, output = run(
        app,
        "--country",
        "SA",
        "--from",
        "2026-02-18",
        "--to",
        "2026-02-18",
        "--json",
        "--lang",
        "ar",
    )
    assert code == 0
    (row,) = [json.loads(line) for line in output.splitlines()]
    assert row == {
        "day": "2026-02-18",
        "weekday": "الأربعاء",
        "country": "SA",
        "key": "ramadan",
        "kind": "observance",
        "name": "رمضان (اليوم 1)",
        "names": row["names"],
        "keywords": row["keywords"],
        "fasting": True,
        "observed_by": "most",
        "source": "poise",
    }
    assert set(row["names"]) == {"en", "fr", "ar", "ja"}
    assert "ramadan" in row["keywords"]


def test_an_empty_range_says_so(app: typer.Typer) -> None:
    code, output = run(app, "--country", "JP", "--from", "2026-06-01", "--to", "2026-06-02")
    assert code == 0
    assert "No sensitive dates" in output


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--country", "ZZ", "--from", "2026-01-01", "--to", "2026-01-31"], "JP"),
        (["--country", "JP", "--from", "2026-13-01", "--to", "2026-12-31"], "YYYY-MM-DD"),
        (["--country", "JP", "--from", "2026-02-01", "--to", "2026-01-01"], "swap"),
        (["--country", "JP", "--from", "2020-01-01", "--to", "2026-01-01"], "split"),
        (["--country", "JP", "--from", "2026-01-01", "--to", "2026-01-31", "--lang", "de"], "ja"),
    ],
)
def test_bad_input_exits_2_and_says_how_to_fix_it(
    app: typer.Typer, args: list[str], hint: str
) -> None:
    code, output = run(app, *args)
    assert code == 2
    assert hint in output


def test_exactly_three_years_is_allowed(app: typer.Typer) -> None:
    code, _ = run(app, "--country", "JP", "--from", "2024-01-01", "--to", "2027-01-01", "--json")
    assert code == 0
