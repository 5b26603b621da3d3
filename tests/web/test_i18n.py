"""The interface's message catalogs are complete in every language, and placeholders agree."""

import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from poise.web import i18n

_PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    path = resources.files("poise.web") / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def _template_ids() -> set[str]:
    path = resources.files("poise.web") / "locales" / "messages.pot"
    with path.open("rb") as source:
        return {m.id for m in read_po(source) if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize("locale", [code for code in i18n.LOCALES if code != i18n.DEFAULT])
def test_every_interface_string_is_translated(locale: str) -> None:
    catalog = _catalog(locale)
    translated = {m.id: m.string for m in catalog if m.id and isinstance(m.id, str)}
    missing = sorted(i for i in _template_ids() if not translated.get(i))
    assert not missing, f"{locale}: {len(missing)} untranslated, e.g. {missing[:5]}"
    for message_id, text in translated.items():
        assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(message_id)), (
            message_id
        )


def test_an_arabic_page_says_sign_in_in_arabic() -> None:
    assert i18n.translations("ar").gettext("Sign in") != "Sign in"
    assert i18n.direction("ar") == "rtl" and i18n.direction("ja") == "ltr"
