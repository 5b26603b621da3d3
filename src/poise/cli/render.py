"""Showing a review in a terminal, in the reader's language."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from poise.review import Review, Severity, Verdict
from poise.review.messages import catalog

_VERDICT_STYLE = {
    Verdict.PASS: "bold green",
    Verdict.REVIEW: "bold yellow",
    Verdict.BLOCK: "bold red",
}
_SEVERITY_STYLE = {Severity.INFO: "cyan", Severity.WARN: "yellow", Severity.BLOCK: "bold red"}
_HIGHLIGHT = {
    Severity.INFO: "underline cyan",
    Severity.WARN: "black on yellow",
    Severity.BLOCK: "white on red",
}


def ui(reader: str, key: str, **values: object) -> str:
    """An interface string from the message catalogs' ``[ui]`` table."""
    table = catalog(reader).get("ui", {}) or catalog("en").get("ui", {})
    template = str(table.get(key) or catalog("en")["ui"][key])
    return template.format(**values)


def highlighted(text: str, result: Review) -> Text:
    """The post with every finding's span marked by its severity."""
    shown = Text(text)
    for finding in sorted(result.findings, key=lambda f: f.severity.rank):
        span = finding.span
        if span is not None and span.field == "text" and span.end <= len(text):
            shown.stylize(_HIGHLIGHT[finding.severity], span.start, span.end)
    return shown


def show(console: Console, text: str, result: Review, language: str, title: str = "") -> None:
    """Print one review: the post with its spans marked, the verdict, and each finding."""
    verdict = Text(
        ui(language, f"verdict_{result.verdict.value}"), style=_VERDICT_STYLE[result.verdict]
    )
    verdict.append(f"  ·  {ui(language, 'score', score=result.score)}", style="dim")
    verdict.append(f"  ·  {ui(language, 'language', language=result.language)}", style="dim")
    parts: list[Text | Table] = [highlighted(text, result), Text(), verdict]
    if result.findings:
        parts.append(_table(result, language))
    else:
        parts.append(Text(ui(language, "nothing_found"), style="green"))
    console.print(Panel(Group(*parts), title=title or None, title_align="left", expand=True))


def _table(result: Review, language: str) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, box=None, pad_edge=False)
    table.add_column(ui(language, "heading_severity"), no_wrap=True)
    table.add_column(ui(language, "heading_check"), no_wrap=True)
    table.add_column(ui(language, "heading_finding"), ratio=3)
    table.add_column(ui(language, "heading_suggestion"), ratio=2)
    for finding in result.findings:
        table.add_row(
            Text(
                ui(language, f"severity_{finding.severity.value}"),
                style=_SEVERITY_STYLE[finding.severity],
            ),
            finding.check,
            finding.message,
            finding.suggestion or "",
        )
    return table
