"""The engine: ordered checks, verdicts, scores, plugins, messages in four languages."""

import string
import tomllib
from collections.abc import Iterable
from importlib import resources

import pytest

from poise.review import (
    Check,
    Draft,
    Engine,
    Issue,
    Post,
    ReviewContext,
    Severity,
    Span,
    Verdict,
    review,
)
from poise.review.registry import checks, register


class Shout(Check):
    """A plugin-style check used to pin down the engine."""

    id = "test_shout"
    order = 1

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        if "boom" in post.text.text:
            yield Issue("boom", Severity.BLOCK, Span(0, 4), evidence="boom")
        if "hmm" in post.text.text:
            yield Issue("hmm", Severity.WARN)
        if "fyi" in post.text.text:
            yield Issue("fyi", Severity.INFO)


def test_the_verdict_is_the_worst_severity_found() -> None:
    engine = Engine([Shout()])
    assert engine.review(Draft("all calm")).verdict is Verdict.PASS
    assert engine.review(Draft("fyi all calm")).verdict is Verdict.PASS
    assert engine.review(Draft("hmm fyi")).verdict is Verdict.REVIEW
    assert engine.review(Draft("boom hmm")).verdict is Verdict.BLOCK


def test_the_score_grows_with_the_findings() -> None:
    engine = Engine([Shout()])
    scores = [
        engine.review(Draft(text)).score for text in ("calm", "fyi", "hmm", "boom", "boom hmm")
    ]
    assert scores == sorted(scores) and scores[0] == 0 and scores[-1] <= 100


def test_findings_come_worst_first() -> None:
    result = Engine([Shout()]).review(Draft("fyi hmm boom"))
    assert [f.severity for f in result.findings] == [Severity.BLOCK, Severity.WARN, Severity.INFO]


def test_a_message_missing_from_the_catalogs_still_names_the_issue() -> None:
    finding = Engine([Shout()]).review(Draft("boom")).findings[0]
    assert finding.message == "test_shout.boom" and finding.check == "test_shout"


def test_builtin_checks_register_like_plugins_and_in_order() -> None:
    ids = [check.id for check in checks()]
    assert ids[:2] == ["limits", "rules"]
    for expected in (
        "alarm",
        "profanity",
        "sensitive",
        "newsjacking",
        "world_events",
        "calendar",
        "hashtags",
        "wrong_account",
        "hostile_reply",
        "spelling",
        "accessibility",
    ):
        assert expected in ids


def test_a_plugin_cannot_replace_a_builtin_check() -> None:
    class Impostor(Shout):
        id = "alarm"

    with pytest.raises(ValueError, match="already registered"):
        register(Impostor)


def test_review_accepts_plain_text() -> None:
    assert review("Have a lovely weekend, everyone.").verdict is Verdict.PASS


CATALOGS = ("en", "fr", "ar", "ja")


def _catalog(language: str) -> dict[str, object]:
    file = resources.files("poise.review") / "messages" / f"{language}.toml"
    return tomllib.loads(file.read_text("utf-8"))


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{key}.")
        else:
            flat[prefix + key] = str(value)
    return flat


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("language", CATALOGS[1:])
def test_every_catalog_is_complete_with_the_same_placeholders(language: str) -> None:
    english, other = _flatten(_catalog("en")), _flatten(_catalog(language))
    assert set(other) == set(english)
    for key, template in english.items():
        assert _placeholders(other[key]) == _placeholders(template), key


@pytest.mark.parametrize("language", CATALOGS)
def test_every_finding_on_the_demo_drafts_has_a_written_message(language: str) -> None:
    from poise.demo import samples

    seen = 0
    for sample in samples(language):
        result = review(sample.request.draft, sample.request.context)
        for finding in result.findings:
            seen += 1
            assert finding.message != f"{finding.check}.{finding.code}"
    assert seen >= 20
