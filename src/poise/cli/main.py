"""``poise``: the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from poise import __version__
from poise import settings as settings_module
from poise.cli import admin as admin_commands
from poise.cli import calendar as calendar_command
from poise.cli import publishing as publishing_commands
from poise.cli import serve as serve_command
from poise.cli.check import check, fail
from poise.cli.render import show

app = typer.Typer(
    name="poise",
    help="Poise keeps a brand out of trouble: review drafts before they go out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(check)
calendar_command.register(app)
admin_commands.register(app)
serve_command.register(app)
publishing_commands.register(app)


@app.command()
def demo(
    ui_lang: Annotated[
        str, typer.Option("--ui-lang", help="Language of the messages: en, fr, ar, ja.")
    ] = "en",
) -> None:
    """Review the sample drafts, in every language Poise reads, and show what it finds."""
    from poise.demo import samples
    from poise.review import default_engine
    from poise.review.messages import languages

    if ui_lang not in languages():
        raise fail(f"--ui-lang: {ui_lang!r} is not one of {', '.join(languages())}")
    console = Console()
    engine = default_engine()
    for sample in samples(ui_lang):
        result = engine.review(sample.request.draft, sample.request.context)
        show(console, sample.request.draft.text, result, ui_lang, sample.title)


@app.command()
def config() -> None:
    """Print every setting, its value (secrets masked) and what it does."""
    try:
        current = settings_module.load()
    except settings_module.SettingsError as error:
        raise fail(str(error)) from None
    table = Table("Variable", "Value", "Meaning", title="Poise settings", title_justify="left")
    for name, value, meaning in settings_module.describe(current):
        table.add_row(name, value, meaning)
    Console().print(table)


@app.command()
def version() -> None:
    """Print Poise's version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point: validate settings first, so a bad value stops Poise with a clear message."""
    try:
        settings_module.current()
    except settings_module.SettingsError as error:
        typer.echo(str(error), err=True)
        raise SystemExit(2) from None
    app()
