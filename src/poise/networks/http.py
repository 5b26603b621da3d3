"""What the HTTP clients of several networks read the same way: how long a network asks to
wait before the next request."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime


def retry_after(headers: Mapping[str, str], reset_header: str) -> float | None:
    """Seconds to wait: from ``Retry-After`` (seconds, or an HTTP date), else from the
    network's own reset header (``reset_header``: an epoch time or an ISO-8601 moment);
    ``None`` when neither says."""
    waited = _retry_after(headers.get("retry-after", "").strip())
    if waited is not None:
        return waited
    return _until(headers.get(reset_header.lower(), "").strip())


def _retry_after(value: str) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _until(value: str) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value) - time.time())
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - time.time())
