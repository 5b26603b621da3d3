"""Password hashing with argon2id.

Hashes carry their own parameters, so when ``HASHER``'s parameters are raised a stored hash is
recognised as outdated and replaced at the next successful sign-in (``needs_rehash``).
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from poise.services.errors import Invalid

# argon2id with the library's defaults (RFC 9106's second recommended option: 64 MiB, 3 passes).
HASHER = PasswordHasher()
MIN_LENGTH = 10
# Hashing is deliberately slow; an unbounded password would let anyone make it slower.
MAX_LENGTH = 1024


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; never raises for a wrong password or a
    damaged hash."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than ``HASHER``'s."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def waste_time(password: str) -> None:
    """Take as long as a real check, so a sign-in for an unknown email cannot be told apart
    from a wrong password by its timing."""
    verify(_dummy_hash(HASHER), password)


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not the password of anyone")


def check_new(password: str, email: str | None = None) -> str:
    """``password``, refused with a reason when it is too weak to protect a brand's accounts."""
    if len(password) < MIN_LENGTH:
        raise Invalid(
            "the password has {length} characters; use at least {min_length}, "
            "for example a few unrelated words",
            field="password",
            length=len(password),
            min_length=MIN_LENGTH,
        )
    if len(password) > MAX_LENGTH:
        raise Invalid(
            "the password is longer than {max_length} characters",
            field="password",
            max_length=MAX_LENGTH,
        )
    if email and password.strip().lower() == email.strip().lower():
        raise Invalid("the password cannot be the email address", field="password")
    return password
