"""The queue: recurring time slots a workspace publishes at ("weekdays at 9:00 and 17:30"), and
the next free one for a post added to the queue.

Slots are wall-clock times in the workspace's time zone, so 9:00 stays 9:00 across a change of
daylight saving time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.services import audit
from poise.services.access import require
from poise.services.errors import Invalid, NotFound
from poise.storage.posts import QueueSlots
from poise.storage.tables import Draft
from poise.storage.workspaces import Workspaces

MAX_SLOTS = 100
HORIZON_DAYS = 366
# A post already planned within this much of a slot takes the slot.
TAKEN_WITHIN = timedelta(minutes=1)
PLANNED = ("in_review", "approved", "scheduled", "held")


@dataclass(frozen=True, slots=True)
class Slot:
    weekday: int  # Monday is 0
    minute: int  # minutes after midnight, local time

    @property
    def time(self) -> time:
        return time(self.minute // 60, self.minute % 60)


def slots(session: Session, workspace_id: int, actor: Actor) -> list[Slot]:
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return [Slot(s.weekday, s.minute) for s in QueueSlots(session, workspace_id).list()]


def set_slots(session: Session, workspace_id: int, actor: Actor, chosen: Iterable[Slot]) -> None:
    """Replace the workspace's slots."""
    require(actor, workspace_id, Action.MANAGE_WORKSPACE_SETTINGS)
    unique = sorted({(s.weekday, s.minute) for s in chosen})
    if len(unique) > MAX_SLOTS:
        raise Invalid(
            "a queue can have up to {max_slots} slots a week", "slots", max_slots=MAX_SLOTS
        )
    for weekday, minute in unique:
        if not (0 <= weekday <= 6 and 0 <= minute < 1440):
            raise Invalid("a slot is a day of the week and a time of day", "slots")
    QueueSlots(session, workspace_id).replace(unique)
    audit.record(
        session, actor, "workspace.queue", "workspace", workspace_id, {"slots": len(unique)}
    )


def parse_slots(text: str) -> list[Slot]:
    """Slots from lines like ``mon 09:00`` or ``1 17:30`` (one per line, several times per
    line allowed: ``mon-fri 09:00 17:30``). Raises ``Invalid`` naming the line."""
    result: list[Slot] = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.replace(",", " ").split()
        if not words:
            continue
        days = _days(words[0], number)
        if len(words) < 2:
            raise Invalid(
                "line {number}: give a time after the day, e.g. mon 09:00", "slots", number=number
            )
        for word in words[1:]:
            minute = _minute(word, number)
            result.extend(Slot(day, minute) for day in days)
    return result


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(word: str, number: int) -> list[int]:
    start, _, end = word.lower().partition("-")
    first = _day(start, number)
    if not end:
        return [first]
    last = _day(end, number)
    return [day % 7 for day in range(first, last + 1 if last >= first else last + 8)]


def _day(word: str, number: int) -> int:
    if word[:3] in _DAY_NAMES:
        return _DAY_NAMES.index(word[:3])
    if word.isdigit() and 0 <= int(word) <= 6:
        return int(word)
    raise Invalid(
        "line {number}: {word!r} is not a day (mon … sun, or 0 … 6)",
        "slots",
        number=number,
        word=word,
    )


def _minute(word: str, number: int) -> int:
    hours, _, minutes = word.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise Invalid(
            "line {number}: {word!r} is not a time (HH:MM, 24-hour)",
            "slots",
            number=number,
            word=word,
        )
    return int(hours) * 60 + int(minutes)


def format_slots(chosen: Iterable[Slot]) -> str:
    """The slots as text ``parse_slots`` reads back, one day per line."""
    by_day: dict[int, list[str]] = {}
    for slot in chosen:
        by_day.setdefault(slot.weekday, []).append(
            f"{slot.minute // 60:02d}:{slot.minute % 60:02d}"
        )
    return "\n".join(
        f"{_DAY_NAMES[day]} {' '.join(times)}" for day, times in sorted(by_day.items())
    )


def next_free_slot(session: Session, workspace_id: int, after: datetime) -> datetime:
    """The first slot after ``after`` that no planned post takes."""
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    chosen = [Slot(s.weekday, s.minute) for s in QueueSlots(session, workspace_id).list()]
    if not chosen:
        raise Invalid(
            "this workspace's queue has no time slots: add some in Settings, or pick a time",
            "queue",
        )
    zone = ZoneInfo(workspace.time_zone)
    taken = _taken(session, workspace_id, after)
    for moment in _upcoming(chosen, after, zone):
        if not any(abs(moment - other) < TAKEN_WITHIN for other in taken):
            return moment
    raise Invalid(
        "every queue slot of the coming year is taken: add slots, or pick a time", "queue"
    )


def _taken(session: Session, workspace_id: int, after: datetime) -> list[datetime]:
    query = select(Draft.scheduled_at).where(
        Draft.workspace_id == workspace_id,
        Draft.state.in_(PLANNED),
        Draft.scheduled_at >= after,
    )
    return [moment for moment in session.scalars(query) if moment is not None]


def _upcoming(chosen: list[Slot], after: datetime, zone: ZoneInfo) -> Iterable[datetime]:
    start: date = after.astimezone(zone).date()
    for offset in range(HORIZON_DAYS):
        day = start + timedelta(days=offset)
        for slot in sorted(chosen, key=lambda s: s.minute):
            if slot.weekday != day.weekday():
                continue
            moment = datetime.combine(day, slot.time, tzinfo=zone).astimezone(UTC)
            if moment > after:
                yield moment
