"""World events: declared, listed, ended, and read by review."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from poise.review import EventCategory, Verdict
from poise.services import events
from poise.services.errors import Conflict, Invalid
from tests.services import factories
from tests.services.cast import Cast
from tests.services.factories import NOW, FrozenClock

PROMOTION = (
    "Paris, nos cœurs sont avec vous. Pour bien commencer la journée, "
    "profitez de -30 % sur nos petits-déjeuners !"
)


def test_a_declared_event_starts_now_unless_told_otherwise(session: Session, cast: Cast) -> None:
    declared = factories.event(session, cast.contributor, regions="fr")
    assert declared.starts_at == NOW and declared.active
    assert (declared.category, declared.regions) == (EventCategory.TERROR, ("FR",))
    assert declared.declared_by == cast.uid(cast.contributor)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " "}, "event.title: give the event a title"),
        ({"category": "party"}, "event.category: 'party' is not one of terror"),
        ({"regions": ["France"]}, "'France' is not a two-letter ISO country code"),
        ({"start": "yesterday"}, "event.start: 'yesterday' is not an ISO-8601"),
        ({"end": "2026-11-20T00:00:00Z"}, "the event must end after it starts"),
        ({"involves_brand": "yes"}, "event.involves_brand: expected true or false"),
    ],
)
def test_a_bad_event_says_what_to_fix(
    session: Session, cast: Cast, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        factories.event(session, cast.editor, **fields)


def test_an_open_event_stops_counting_after_fourteen_days(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    factories.event(session, cast.editor)
    clock.advance(days=13)
    assert len(events.list_events(session, cast.workspace_id, cast.viewer)) == 1
    clock.advance(days=2)
    assert events.list_events(session, cast.workspace_id, cast.viewer) == []
    listed = events.list_events(session, cast.workspace_id, cast.viewer, active_only=False)
    assert [e.active for e in listed] == [False]


def test_an_ended_event_no_longer_colours_review(session: Session, cast: Cast) -> None:
    declared = factories.event(session, cast.editor)
    assert factories.draft(session, cast.editor, PROMOTION).verdict is Verdict.BLOCK
    events.end_event(session, cast.workspace_id, cast.editor, declared.id)
    assert factories.draft(session, cast.editor, PROMOTION).verdict is not Verdict.BLOCK
    with pytest.raises(Conflict):
        events.end_event(session, cast.workspace_id, cast.editor, declared.id)


def test_an_event_elsewhere_does_not_colour_this_workspace(session: Session, cast: Cast) -> None:
    factories.event(session, cast.outsider)
    assert factories.draft(session, cast.editor, PROMOTION).verdict is not Verdict.BLOCK
    assert events.list_events(session, cast.workspace_id, cast.viewer) == []
