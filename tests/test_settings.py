from pathlib import Path

import pytest

from poise.settings import SettingsError, describe, load


def test_defaults_read_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("POISE_LANGUAGES", "POISE_UI_LANGUAGE", "POISE_COUNTRIES", "POISE_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    settings = load()
    assert settings.languages == ("en", "fr", "ar", "ja")
    assert settings.ui_language == "en"


def test_lists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POISE_LANGUAGES", "fr, ar")
    monkeypatch.setenv("POISE_COUNTRIES", "fr,sa")
    settings = load()
    assert settings.languages == ("fr", "ar")
    assert settings.countries == ("FR", "SA")


def test_a_bad_value_names_the_variable_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POISE_LANGUAGES", "en,de")
    monkeypatch.setenv("POISE_COUNTRIES", "France")
    with pytest.raises(SettingsError) as error:
        load()
    message = str(error.value)
    assert "POISE_LANGUAGES: unsupported language de: use some of en, fr, ar, ja" in message
    assert "POISE_COUNTRIES: FRANCE: use two-letter ISO country codes" in message


def test_a_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("k" * 40 + "\n")
    monkeypatch.delenv("POISE_SECRET_KEY", raising=False)
    monkeypatch.setenv("POISE_SECRET_KEY_FILE", str(secret))
    settings = load()
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == "k" * 40
    shown = dict((name, value) for name, value, _ in describe(settings))
    assert "k" * 40 not in shown["POISE_SECRET_KEY"]


def test_an_unreadable_secret_file_is_explained(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("POISE_SECRET_KEY", raising=False)
    monkeypatch.setenv("POISE_SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(SettingsError, match=r"POISE_SECRET_KEY_FILE=.*cannot read the file"):
        load()


def test_a_short_secret_is_refused_with_a_way_to_make_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POISE_SECRET_KEY", "short")
    with pytest.raises(SettingsError, match="at least 32 random characters"):
        load()
