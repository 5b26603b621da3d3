"""``poise db upgrade``, ``poise user create``, ``poise workspace create``, ``poise demo-data``."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from poise.cli.admin import register
from poise.services import auth, workspaces
from poise.storage import Database, migrate
from tests.services.cast import PASSWORD


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _run(url: str, *arguments: str, stdin: str | None = None) -> Result:
    env = {"POISE_DATABASE_URL": url}
    return CliRunner().invoke(_app(), list(arguments), env=env, input=stdin)


def test_db_upgrade_migrates_the_configured_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = _run(url, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert f"is at revision {migrate.head()}" in result.output
    assert migrate.is_current(url)


def test_user_create_adds_the_user_to_a_workspace(database: Database) -> None:
    with database.transaction() as session:
        workspaces.create_workspace(session, "Acme", None)
    result = _run(
        database.url,
        "user",
        "create",
        "--email=Ana@Example.com",
        "--name=Ana",
        f"--password={PASSWORD}",
        "--workspace=acme",
        "--role=owner",
    )
    assert result.exit_code == 0, result.output
    assert "Created ana@example.com as owner of Acme." in result.output


def test_user_create_asks_for_the_password_when_not_given(database: Database) -> None:
    result = _run(
        database.url,
        "user",
        "create",
        "--email=ana@example.com",
        "--name=Ana",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    with database.sessions() as session:
        assert auth.authenticate(session, "ana@example.com", PASSWORD, None) is not None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--email=not-an-email", "--name=Ana"], "is not an email address"),
        (
            ["--email=ana@example.com", "--name=Ana", "--workspace=acme"],
            "give --workspace and --role",
        ),
        (["--email=ana@example.com", "--name=Ana", "--password=short"], "use at least 10"),
        (
            ["--email=ana@example.com", "--name=Ana", "--workspace=nope", "--role=editor"],
            "no workspace has the slug 'nope'",
        ),
    ],
)
def test_user_create_with_bad_input_exits_2_and_says_why(
    database: Database, arguments: list[str], message: str
) -> None:
    password = (
        [] if any(a.startswith("--password") for a in arguments) else [f"--password={PASSWORD}"]
    )
    result = _run(database.url, "user", "create", *arguments, *password)
    assert result.exit_code == 2
    assert message in result.output
    with database.sessions() as session:
        assert auth.authenticate(session, "ana@example.com", PASSWORD, None) is None


def test_workspace_create_prints_its_slug(database: Database) -> None:
    result = _run(database.url, "workspace", "create", "Café Ana", "--time-zone=Europe/Paris")
    assert result.exit_code == 0, result.output
    assert "Created Café Ana (slug cafe-ana)." in result.output
    assert "It has no member yet" in result.output


def test_workspace_create_with_an_unknown_time_zone_exits_2(database: Database) -> None:
    result = _run(database.url, "workspace", "create", "Acme", "--time-zone=Mars/Olympus")
    assert result.exit_code == 2 and "is not a time zone" in result.output


def test_demo_data_prints_the_credentials_once(database: Database) -> None:
    first = _run(database.url, "demo-data", "--password=a demo passphrase")
    assert first.exit_code == 0, first.output
    assert "Sign in as admin@demo.poise.local" in first.output
    assert "Password: a demo passphrase" in first.output
    again = _run(database.url, "demo-data")
    assert again.exit_code == 0 and "Already there" in again.output
    assert "Password:" not in again.output
