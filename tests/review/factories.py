"""Drafts and contexts for review tests, with a frozen clock."""

from datetime import UTC, datetime

from poise.review import (
    Draft,
    EventCategory,
    Media,
    Review,
    ReviewContext,
    Severity,
    WorldEvent,
    review,
)

# Every test reads the world as it was on this morning unless it says otherwise.
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
MIDNIGHT = NOW.replace(hour=0)


def context(**overrides: object) -> ReviewContext:
    values: dict[str, object] = {"at": NOW}
    values.update(overrides)
    return ReviewContext(**values)  # type: ignore[arg-type]


def event(
    title: str,
    category: str,
    keywords: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    involves_brand: bool = False,
    start: datetime = MIDNIGHT,
) -> WorldEvent:
    return WorldEvent(
        title=title,
        category=EventCategory(category),
        start=start,
        regions=regions,
        keywords=keywords,
        involves_brand=involves_brand,
    )


def check(
    text: str,
    lang: str | None = None,
    *,
    network: str | None = None,
    media: tuple[Media, ...] = (),
    reply_to: str | None = None,
    **context_overrides: object,
) -> Review:
    draft = Draft(text, language=lang, network=network, media=media, reply_to=reply_to)
    return review(draft, context(**context_overrides))


def fired(result: Review, check_id: str, at_least: Severity = Severity.WARN) -> bool:
    return any(f.check == check_id and f.severity.rank >= at_least.rank for f in result.findings)
