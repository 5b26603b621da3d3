"""The install's secret key, and what is derived from it: the cipher for connected accounts'
credentials, and the key deliveries are published under.

The key is ``POISE_SECRET_KEY`` (or its ``_FILE``). When it is not set, one is made and kept in
the data folder, readable by its owner only, so a single-machine install needs no step; several
machines sharing a database must be given the same key (``docs/settings.md``).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from poise import settings as settings_module

KEY_FILE = "secret-key"


class SecretKeyError(RuntimeError):
    """Stored credentials cannot be read with this install's key; the message says what to
    do."""


@cache
def master_key() -> bytes:
    """The install's secret key, as bytes."""
    config = settings_module.current()
    if config.secret_key is not None:
        return config.secret_key.get_secret_value().encode()
    return _kept_key(Path(config.data_dir).expanduser())


def _kept_key(folder: Path) -> bytes:
    file = folder / KEY_FILE
    if file.is_file():
        return file.read_text("utf-8").strip().encode()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created with owner-only permissions from the start: never readable by others, even briefly.
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return key.encode()


def derived(purpose: str) -> bytes:
    """32 bytes for one ``purpose``, so that no two uses of the key share material."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        master_key()
    )


@cache
def _cipher() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derived("poise credentials")))


def seal(credentials: Mapping[str, str]) -> str:
    """``credentials`` encrypted and authenticated, as text for the database."""
    return _cipher().encrypt(json.dumps(dict(credentials)).encode()).decode()


def unseal(token: str) -> dict[str, str]:
    """What ``seal`` encrypted. Raises ``SecretKeyError`` when this install's key is not the
    one it was sealed with."""
    try:
        data = _cipher().decrypt(token.encode())
    except InvalidToken:
        raise SecretKeyError(
            "this account's credentials were saved with another secret key: set POISE_SECRET_KEY "
            "back to the key used when the account was connected, or reconnect the account"
        ) from None
    loaded: dict[str, str] = json.loads(data)
    return loaded


def delivery_secret() -> bytes:
    """The key deliveries' publishing keys are derived with (``poise.domain.posts``)."""
    return derived("poise delivery keys")


def forget() -> None:
    """Drop what was read, so the next use reads the settings again (tests change them)."""
    master_key.cache_clear()
    _cipher.cache_clear()
