"""The documentation matches what Poise does."""

import re
from pathlib import Path

from typer.testing import CliRunner

from poise.cli.main import app
from poise.settings import PREFIX, Settings
from poise.text.lexicon import entries
from poise.text.profiles import profiles

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text("utf-8")
    for name in Settings.model_fields:
        assert f"`{PREFIX}{name.upper()}`" in text


def test_every_option_of_poise_check_is_documented() -> None:
    help_text = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    documented = (DOCS / "cli.md").read_text("utf-8")
    options = set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}
    assert options
    for option in options:
        assert f"`{option}" in documented, option


def _lexicon_table() -> dict[str, set[str]]:
    text = (DOCS / "lexicons.md").read_text("utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("lexicon", "---"):
            table[cells[0]] = {c.strip() for c in cells[1].split(",")}
    return table


def test_every_language_has_every_documented_lexicon_with_documented_categories() -> None:
    table = _lexicon_table()
    assert len(table) >= 16
    for language in profiles():
        found: dict[str, set[str]] = {}
        for entry in entries(language):
            if entry.category != "-":  # exceptions belong to every lexicon
                found.setdefault(entry.lexicon, set()).add(entry.category)
        assert set(found) == set(table), language
        for lexicon, categories in found.items():
            assert categories <= table[lexicon], (language, lexicon, categories - table[lexicon])
