"""``poise worker``, ``poise pause`` and ``poise resume``: sending posts, and the switch that
stops it.

``poise pause`` without ``--workspace`` pauses every workspace; with one, only that one. Both
are audited as the server's operator. ``poise resume`` lifts the pause; a workspace's posts
can be looked at first on its resume page, or listed with ``--dry-run``.
"""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from poise import settings as settings_module
from poise.cli.admin import _transaction
from poise.cli.check import fail
from poise.domain import Actor
from poise.services import pausing, workspaces
from poise.storage import Database, SchemaOutOfDateError


def register(app: typer.Typer) -> None:
    app.command()(worker)
    app.command()(pause)
    app.command()(resume)


def worker(
    threads: Annotated[
        int | None,
        typer.Option(help="Posts sent at the same time (default: POISE_WORKER_THREADS)."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Send what is due now, then stop.")] = False,
) -> None:
    """Send due posts until stopped (Ctrl-C or SIGTERM finish the sends under way first)."""
    from poise.worker import Worker

    config = settings_module.current()
    count = threads or config.worker_threads
    try:
        # One connection per thread and two for housekeeping, checked out without a ping:
        # a worker makes thousands of short transactions, and a connection that died is
        # noticed by the step that used it, which is retried (nothing is lost by it).
        database = Database.open(config, pool_size=count + 2, max_overflow=4, pool_pre_ping=False)
    except SchemaOutOfDateError as error:
        raise fail(str(error)) from None
    if count < 1:
        raise fail("--threads: give 1 or more")
    loop = Worker(database, threads=count)
    if once:
        loop.housekeeping()
        sent = 0
        while loop.step():
            sent += 1
        typer.echo(f"Sent {sent} post(s).")
        return
    stop = loop.stop
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    typer.echo(f"Worker {loop.name} sending with {count} thread(s).")
    loop.run()


def pause(
    reason: Annotated[str, typer.Option(help="Why: the team reads it on every page.")],
    workspace: Annotated[
        str | None, typer.Option(help="Slug of the workspace to pause (default: every one).")
    ] = None,
) -> None:
    """Stop publishing at once, for one workspace or every one."""
    with _transaction() as session:
        workspace_id, actor = _scope(session, workspace)
        pausing.pause(session, workspace_id, actor, reason)
    where = f"workspace {workspace}" if workspace else "every workspace"
    typer.echo(f"Publishing is paused for {where}.")


def resume(
    workspace: Annotated[
        str | None, typer.Option(help="Slug of the workspace to resume (default: every one).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list what would go out, reviewed again.")
    ] = False,
) -> None:
    """Lift a pause. With ``--dry-run``, list what would go out first."""
    with _transaction() as session:
        workspace_id, actor = _scope(session, workspace)
        if dry_run:
            if workspace_id is None or actor is None:
                raise fail("--dry-run needs --workspace")
            _show_pending(pausing.pending(session, workspace_id, actor))
            return
        pausing.resume(session, workspace_id, actor)
    typer.echo("Publishing resumed.")


def _scope(session: Session, slug: str | None) -> tuple[int | None, Actor | None]:
    if slug is None:
        return None, None
    space = workspaces.workspace_by_slug(session, slug)
    return space.id, Actor.system(space.id)


def _show_pending(items: list[pausing.Pending]) -> None:
    table = Table("Post", "Due", "Verdict now", "Text", title="Would go out on resume")
    for item in items:
        due = item.due_at.isoformat(timespec="minutes") + (" (overdue)" if item.overdue else "")
        table.add_row(str(item.draft.id), due, item.review.verdict.value, item.draft.text[:60])
    Console().print(table)


def background_worker(database: Database) -> threading.Event:
    """Start a worker inside this process (``poise serve``); set the event to stop it."""
    from poise.worker import Worker

    loop = Worker(database, threads=settings_module.current().worker_threads)
    loop.start()
    return loop.stop
