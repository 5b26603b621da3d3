"""Commands for whoever runs the server: ``poise db upgrade``, ``poise user create``,
``poise workspace create`` and ``poise demo-data``.

They act as the operator of the server (audited with no user). Bad input exits with status 2
and a message saying what to fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from poise import settings as settings_module
from poise.cli.check import fail
from poise.domain import Actor
from poise.services import auth, demo, workspaces
from poise.services.errors import ServiceError
from poise.storage import Database, SchemaOutOfDateError, database_url, migrate
from poise.storage.users import Users


def register(app: typer.Typer) -> None:
    """Add the administration commands to ``app``."""
    database = typer.Typer(help="The database.", no_args_is_help=True)
    database.command("upgrade")(db_upgrade)
    app.add_typer(database, name="db")
    users = typer.Typer(help="People who sign in.", no_args_is_help=True)
    users.command("create")(user_create)
    app.add_typer(users, name="user")
    spaces = typer.Typer(help="Workspaces: one per brand or client.", no_args_is_help=True)
    spaces.command("create")(workspace_create)
    app.add_typer(spaces, name="workspace")
    app.command("demo-data")(demo_data)


def _settings() -> settings_module.Settings:
    try:
        return settings_module.load()
    except settings_module.SettingsError as error:
        raise fail(str(error)) from None


@contextmanager
def _transaction() -> Iterator[Session]:
    """A transaction on the configured database; any service error exits with status 2."""
    try:
        database = Database.open(_settings())
    except SchemaOutOfDateError as error:
        raise fail(str(error)) from None
    try:
        with database.transaction() as session:
            yield session
    except ServiceError as error:
        raise fail(error.message) from None
    finally:
        database.dispose()


def db_upgrade() -> None:
    """Migrate the database to this version of Poise (safe to run again)."""
    url = database_url(_settings())
    migrate.upgrade(url)
    shown = make_url(url).render_as_string(hide_password=True)
    typer.echo(f"{shown} is at revision {migrate.current(url)}.")


def user_create(
    email: Annotated[str, typer.Option(help="Email address, used to sign in.")],
    name: Annotated[str, typer.Option(help="Name, as the team sees it.")],
    password: Annotated[
        str | None,
        typer.Option(help="Password (asked for, hidden, when not given)."),
    ] = None,
    workspace: Annotated[
        str | None, typer.Option(help="Slug of a workspace to add the user to.")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            help="Role in that workspace: owner, admin, editor, contributor, approver, viewer."
        ),
    ] = None,
    ui_lang: Annotated[
        str, typer.Option("--ui-lang", help="Language of the pages: en, fr, ar, ja.")
    ] = "en",
) -> None:
    """Create a user, and optionally make them a member of a workspace."""
    if (workspace is None) != (role is None):
        raise fail("give --workspace and --role together, e.g. --workspace acme --role editor")
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _transaction() as session:
        user = auth.create_user(session, email, name, password, ui_language=ui_lang)
        joined = ""
        if workspace is not None and role is not None:
            space = workspaces.workspace_by_slug(session, workspace)
            member = workspaces.add_member(
                session, space.id, Actor.system(space.id), user.email, role
            )
            joined = f" as {member.role} of {space.name}"
    typer.echo(f"Created {user.email}{joined}.")


def workspace_create(
    name: Annotated[str, typer.Argument(help="The brand's or client's name.")],
    owner: Annotated[
        str | None, typer.Option(help="Email of an existing user who becomes its owner.")
    ] = None,
    time_zone: Annotated[str, typer.Option(help="IANA time zone, e.g. Europe/Paris.")] = "UTC",
) -> None:
    """Create a workspace."""
    with _transaction() as session:
        owner_id = None
        if owner is not None:
            found = Users(session).by_email(auth.normalize_email(owner))
            if found is None:
                raise fail(
                    f"--owner: nobody has an account for {owner}; create it with `poise user create`"
                )
            owner_id = found.id
        space = workspaces.create_workspace(session, name, owner_id, time_zone=time_zone)
    typer.echo(f"Created {space.name} (slug {space.slug}).")
    if owner_id is None:
        typer.echo(
            f"It has no member yet: poise user create --email … --name … --workspace {space.slug} --role owner"
        )


def demo_data(
    password: Annotated[
        str | None,
        typer.Option(help="The demo admin's password (random when not given)."),
    ] = None,
) -> None:
    """Create the demo workspace, Demo Coffee Co., and its admin; safe to run again."""
    with _transaction() as session:
        result = demo.seed_demo(session, password)
    state = "Created" if result.created else "Already there:"
    typer.echo(f"{state} the demo workspace ({result.workspace_slug}).")
    typer.echo(f"Sign in as {result.email}")
    if result.password is not None:
        typer.echo(f"Password: {result.password}")
    else:
        typer.echo(
            "The password is unchanged; run `poise demo-data --password …` to set a new one."
        )
