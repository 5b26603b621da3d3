"""The built-in checks. Importing this package registers them, in the same way a plugin's
checks are registered."""

from poise.review.checks import (
    accessibility,
    alarm,
    calendar,
    crisis,
    hashtags,
    hostile_reply,
    limits,
    newsjacking,
    profanity,
    rules,
    sensitive,
    spelling,
    world_events,
    wrong_account,
)

__all__ = [
    "accessibility",
    "alarm",
    "calendar",
    "crisis",
    "hashtags",
    "hostile_reply",
    "limits",
    "newsjacking",
    "profanity",
    "rules",
    "sensitive",
    "spelling",
    "world_events",
    "wrong_account",
]
