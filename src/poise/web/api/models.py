"""What the JSON API reads and writes, as documented in its OpenAPI description."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from poise.review import EventCategory, Media
from poise.services.drafts import DraftInput, DraftView, Length, ReviewOutcome
from poise.services.events import EventInfo
from poise.services.workspaces import WorkspaceInfo

VerdictName = Literal["pass", "review", "block"]
SeverityName = Literal["info", "warn", "block"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The workspace ---------------------------------------------------------------------------------


class WorkspaceOut(BaseModel):
    """The token's workspace and the settings review reads."""

    id: int
    name: str
    slug: str
    time_zone: str = Field(description="IANA time zone, e.g. Europe/Paris.")
    audience_countries: list[str] = Field(description="ISO 3166 codes of the audience.")
    audience_languages: list[str] = Field(description="Languages the audience reads.")
    banned_words: list[str] = Field(description="Words and phrases a draft must not use.")
    glossary: list[str] = Field(description="The brand's own words, never called typos.")
    disclosure_required: bool = Field(description="Whether sponsored posts must say so.")
    created_at: datetime

    @classmethod
    def of(cls, info: WorkspaceInfo) -> WorkspaceOut:
        return cls(
            id=info.id,
            name=info.name,
            slug=info.slug,
            time_zone=info.time_zone,
            audience_countries=list(info.audience_countries),
            audience_languages=list(info.audience_languages),
            banned_words=list(info.banned_words),
            glossary=list(info.glossary),
            disclosure_required=info.disclosure_required,
            created_at=info.created_at,
        )


# Drafts and review -----------------------------------------------------------------------------


class MediaModel(_Strict):
    """An attachment; review checks that images have alt text."""

    kind: str = Field(default="image", examples=["image"])
    alt: str | None = Field(default=None, description="Alt text.", examples=["A cup of soup"])


class DraftIn(_Strict):
    """What the author wrote."""

    text: str = Field(description="The post.", examples=["New on the menu: a maple latte."])
    language: str | None = Field(
        default=None, description="en, fr, ar or ja; detected when left out.", examples=["en"]
    )
    variants: dict[str, str] = Field(
        default_factory=dict,
        description="A different text per network, e.g. a shorter one for x.",
        examples=[{"x": "Maple latte is here."}],
    )
    account_ids: list[int] = Field(default_factory=list, description="Accounts it is for.")
    media: list[MediaModel] = Field(default_factory=list)
    reply_to: str | None = Field(default=None, description="The message this post answers.")

    def content(self) -> DraftInput:
        return DraftInput(
            text=self.text,
            language=self.language,
            variants=dict(self.variants),
            account_ids=tuple(self.account_ids),
            media=tuple(Media(kind=m.kind, alt=m.alt) for m in self.media),
            reply_to=self.reply_to,
        )


class DraftUpdate(DraftIn):
    """The draft's new content; with ``version``, refused (409) when someone else saved the
    draft after that version."""

    version: int | None = Field(
        default=None, description="The version the change was made from.", examples=[1]
    )


class SpanOut(BaseModel):
    start: int = Field(description="Offset of the first character, in code points.")
    end: int = Field(description="Offset after the last character.")
    field: str = Field(description="Which text it points into: text, alt, reply…")


class FindingOut(BaseModel):
    """Something review found, in the reader's language (``Accept-Language``)."""

    check: str = Field(examples=["alarm"])
    code: str = Field(examples=["alarm.word"])
    severity: SeverityName
    message: str
    span: SpanOut | None
    evidence: str
    suggestion: str | None
    replacement: str | None = Field(description="Text that can replace the span to fix it.")
    variant: str | None = Field(
        default=None, description="The network whose variant it is about, if any."
    )

    @classmethod
    def of(cls, finding: Mapping[str, Any]) -> FindingOut:
        return cls.model_validate(dict(finding))


class DraftOut(BaseModel):
    """A stored draft with its review."""

    id: int
    author_id: int | None = Field(description="Who wrote it; null when written through the API.")
    text: str
    language: str | None
    review_language: str = Field(description="The language review read it in.")
    variants: dict[str, str]
    account_ids: list[int]
    media: list[MediaModel]
    reply_to: str | None
    verdict: VerdictName
    score: int = Field(description="0 (nothing found) to 100 (must not go out).")
    findings: list[FindingOut]
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: DraftView) -> DraftOut:
        return cls(
            id=view.id,
            author_id=view.author_id,
            text=view.text,
            language=view.language,
            review_language=view.review_language,
            variants=dict(view.variants),
            account_ids=list(view.account_ids),
            media=[MediaModel(kind=m.kind, alt=m.alt) for m in view.media],
            reply_to=view.reply_to,
            verdict=view.verdict.value,
            score=view.score,
            findings=[FindingOut.of(f) for f in view.findings],
            version=view.version,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class DraftPageOut(BaseModel):
    """A page of drafts, most recently changed first."""

    drafts: list[DraftOut]
    next_cursor: str | None = Field(description="Pass as ``cursor`` for the next page.")


class ReviewIn(DraftIn):
    """A text to review, and the networks to count its length for."""

    networks: list[str] = Field(
        default_factory=list,
        description="Networks to count the length for: bluesky, linkedin, mastodon, threads, x.",
        examples=[["x", "bluesky"]],
    )


class LengthOut(BaseModel):
    """The post's length as one network counts it."""

    network: str
    length: int
    max_length: int
    unit: str = Field(description="What is counted: graphemes, characters or weighted.")
    fits: bool

    @classmethod
    def of(cls, length: Length) -> LengthOut:
        return cls(
            network=length.network,
            length=length.length,
            max_length=length.limit,
            unit=length.unit,
            fits=not length.over,
        )


class ReviewOut(BaseModel):
    """The review of a text, not saved."""

    verdict: VerdictName
    score: int
    language: str
    findings: list[FindingOut]
    lengths: list[LengthOut]

    @classmethod
    def of(cls, outcome: ReviewOutcome, lengths: list[LengthOut]) -> ReviewOut:
        return cls(
            verdict=outcome.verdict.value,
            score=outcome.score,
            language=outcome.language,
            findings=[FindingOut.of(f) for f in outcome.findings],
            lengths=lengths,
        )


# World events ----------------------------------------------------------------------------------


class EventIn(_Strict):
    """A world event to declare."""

    title: str = Field(examples=["Flooding in Valencia"])
    category: EventCategory = Field(default=EventCategory.OTHER)
    regions: list[str] = Field(
        default_factory=list,
        description="ISO 3166 codes of where it happens; empty for everywhere.",
        examples=[["ES"]],
    )
    keywords: list[str] = Field(default_factory=list, examples=[["Valencia", "DANA"]])
    involves_brand: bool = False
    start: datetime | None = Field(
        default=None, description="When it started (UTC when no offset is given); now if left out."
    )
    end: datetime | None = Field(
        default=None, description="When it ends, if known; otherwise it counts for 14 days."
    )

    def raw(self) -> dict[str, Any]:
        """As ``events.declare_event`` reads it."""
        return {
            "title": self.title,
            "category": self.category.value,
            "regions": self.regions,
            "keywords": self.keywords,
            "involves_brand": self.involves_brand,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


class EventOut(BaseModel):
    """A declared world event."""

    id: int
    title: str
    category: EventCategory
    regions: list[str]
    keywords: list[str]
    involves_brand: bool
    starts_at: datetime
    ends_at: datetime | None = Field(description="The end declared with it, if any.")
    ended_at: datetime | None = Field(description="When someone ended it, if anyone did.")
    active: bool = Field(description="Whether review takes it into account now.")
    created_at: datetime

    @classmethod
    def of(cls, info: EventInfo) -> EventOut:
        return cls(
            id=info.id,
            title=info.title,
            category=info.category,
            regions=list(info.regions),
            keywords=list(info.keywords),
            involves_brand=info.involves_brand,
            starts_at=info.starts_at,
            ends_at=info.ends_at,
            ended_at=info.ended_at,
            active=info.active,
            created_at=info.created_at,
        )


class EventsOut(BaseModel):
    events: list[EventOut]
