"""``poise serve``: the web app and a worker in one process (the embedded default)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from poise import settings as settings_module
from poise.cli.publishing import background_worker


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool,
        typer.Option("--demo/--no-demo", help="Create the demo workspace and print its sign-in."),
    ] = False,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="Also send due posts from this process (turn off when workers run apart).",
        ),
    ] = True,
) -> None:
    """Serve Poise at http://HOST:PORT, migrating the embedded database first."""
    import uvicorn

    from poise.services import demo as demo_service
    from poise.storage.db import Database
    from poise.web.app import create_app

    config = settings_module.current()
    database = Database.open(config)
    if demo:
        password = _demo_password(Path(config.data_dir))
        with database.transaction() as session:
            seeded = demo_service.seed_demo(session, password)
        typer.echo(f"Demo workspace: {seeded.workspace_slug}")
        typer.echo(f"Sign in as {seeded.email} with the password {password}")
    typer.echo(f"Poise is at http://{host}:{port}")
    stop = background_worker(database) if worker else None
    try:
        uvicorn.run(create_app(database), host=host, port=port, log_level="warning")
    finally:
        if stop is not None:
            stop.set()


def _demo_password(data_dir: Path) -> str:
    """The demo admin's password: made once, kept (readable by its owner only) in the data
    folder, so every start prints a password that works."""
    file = data_dir / "demo-password"
    if file.is_file():
        return file.read_text("utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    file.write_text(password + "\n", "utf-8")
    os.chmod(file, 0o600)
    return password
