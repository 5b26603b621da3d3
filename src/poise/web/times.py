"""Times in forms: a ``datetime-local`` field is read, and filled, in the workspace's time
zone, whatever the zone of the browser or of the server."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from poise.services.errors import Invalid

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def parse_local(value: str, zone: str, field: str) -> datetime:
    """A ``datetime-local`` value (``2026-12-07T09:00``) as a moment in ``zone``."""
    if not value.strip():
        raise Invalid("choose a date and a time", field)
    try:
        local = datetime.strptime(value.strip()[:16], LOCAL_FORMAT)
    except ValueError:
        raise Invalid(
            "{value!r} is not a date and time; write it like 2026-12-07T09:00", field, value=value
        ) from None
    return local.replace(tzinfo=ZoneInfo(zone))


def local_value(moment: datetime | None, zone: str) -> str:
    """``moment`` as a ``datetime-local`` field shows it, in ``zone`` ("" for none)."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime(LOCAL_FORMAT)
