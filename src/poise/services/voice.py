"""The brand's voice: past posts imported from a CSV export or pasted, and the profile review
compares new drafts with (the wrong-account check).

An import is all or nothing: every row is checked first, every problem is reported with its
line number, and nothing is stored unless the whole file is good.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.review import VoiceProfile, build_profile
from poise.review.inputs import MAX_TEXT
from poise.services import audit, clock
from poise.services.access import require
from poise.services.errors import Invalid, NotFound
from poise.storage.voice import VoicePosts
from poise.storage.workspaces import Accounts

# Column names that hold the post, in the export formats and languages people have.
TEXT_COLUMNS = (
    "text",
    "post",
    "message",
    "content",
    "body",
    "caption",
    "tweet",
    "texte",
    "contenu",
    "publication",
    "نص",
    "المحتوى",
    "本文",
    "投稿",
    "テキスト",
)
MAX_POSTS = 20_000
MAX_PROBLEMS = 50
# The profile reads the newest posts; more would slow every review and say little more.
PROFILE_POSTS = 1_000
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """How many posts were stored, and how many were left out as blank or already known."""

    imported: int
    blank: int
    duplicates: int


@dataclass(frozen=True, slots=True)
class VoicePostInfo:
    id: int
    account_id: int | None
    text: str
    imported_at: datetime


# Reading -------------------------------------------------------------------------------------


def read_csv(data: bytes) -> tuple[list[str], int]:
    """The posts of a CSV file (UTF-8, with or without a byte-order mark) and how many rows
    were blank. The post is the column named like ``TEXT_COLUMNS`` (the first row is then
    the header), else the first column of every row. Raises ``Invalid`` listing every bad
    row by line number."""
    text = _decode(data)
    rows = list(_rows(text))
    if not rows:
        raise Invalid("the file is empty; export the posts as CSV with one post per row", "file")
    column, rows = _text_column(rows)
    posts, blank, problems = [], 0, []
    for line, cells in rows:
        value = cells[column].strip() if column < len(cells) else ""
        if not value:
            blank += 1
        elif len(value) > MAX_TEXT:
            problems.append(
                f"line {line}: {len(value):,} characters; a post has {MAX_TEXT:,} at most"
            )
        else:
            posts.append(value)
    _raise_if(problems)
    return posts, blank


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Invalid(
            "line {line}: this is not UTF-8 text (byte 0x{byte:02X}); save the file "
            "as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and import it again",
            "file",
            [f"line {line}: not UTF-8"],
            line=line,
            byte=data[error.start],
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise Invalid(
            "line {line}: the file holds a NUL character; is it really a CSV file?",
            "file",
            line=line,
        )
    return text


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (a quoted post may span several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise Invalid(
            "line {line}: the CSV cannot be read ({error}); check its quotes",
            "file",
            [f"line {start}: {error}"],
            line=start,
            error=error,
        ) from None


def _delimiter(text: str) -> str:
    """Commas, unless the header names the text column with semicolons (French Excel) or tabs
    between the cells. Guessing from the posts themselves would split posts at their commas."""
    first = text.split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        if any(_column_name(cell) in TEXT_COLUMNS for cell in cells):
            return delimiter
    return ","


def _column_name(cell: str) -> str:
    return cell.strip().lstrip("#").casefold()


def _text_column(rows: list[tuple[int, list[str]]]) -> tuple[int, list[tuple[int, list[str]]]]:
    header = [_column_name(cell) for cell in rows[0][1]]
    for name in TEXT_COLUMNS:
        if name in header:
            return header.index(name), rows[1:]
    return 0, rows


def read_pasted(text: str) -> list[str]:
    """Posts pasted as text: separated by blank lines when there are any (so a post may span
    several lines), else one per line."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    parts = _BLANK_LINE.split(cleaned) if _BLANK_LINE.search(cleaned) else cleaned.split("\n")
    posts = [part.strip() for part in parts if part.strip()]
    problems = [
        f"post {index}: {len(post):,} characters; a post has {MAX_TEXT:,} at most"
        for index, post in enumerate(posts, start=1)
        if len(post) > MAX_TEXT
    ]
    _raise_if(problems)
    return posts


def _raise_if(problems: Sequence[str]) -> None:
    if not problems:
        return
    shown = list(problems[:MAX_PROBLEMS])
    more = len(problems) - len(shown)
    summary = "; ".join(shown) + (f"; and {more} more" if more else "")
    raise Invalid(
        "nothing was imported: {count} problem(s) to fix first: {summary}",
        "file",
        problems,
        count=len(problems),
        summary=summary,
    )


# Importing -----------------------------------------------------------------------------------


def import_csv(
    session: Session, workspace_id: int, actor: Actor, data: bytes, account_id: int | None = None
) -> ImportResult:
    """Import the posts of a CSV export (see ``read_csv``), for ``account_id`` or for the whole
    workspace."""
    require(actor, workspace_id, Action.MANAGE_VOICE)
    posts, blank = read_csv(data)
    return _store(session, workspace_id, actor, posts, blank, account_id, "csv")


def import_text(
    session: Session, workspace_id: int, actor: Actor, text: str, account_id: int | None = None
) -> ImportResult:
    """Import pasted posts (see ``read_pasted``)."""
    require(actor, workspace_id, Action.MANAGE_VOICE)
    return _store(session, workspace_id, actor, read_pasted(text), 0, account_id, "text")


def _store(
    session: Session,
    workspace_id: int,
    actor: Actor,
    posts: list[str],
    blank: int,
    account_id: int | None,
    source: str,
) -> ImportResult:
    if account_id is not None and Accounts(session, workspace_id).get(account_id) is None:
        raise NotFound("no such account in this workspace")
    repository = VoicePosts(session, workspace_id)
    known = set(repository.texts(account_id))
    fresh = list(dict.fromkeys(post for post in posts if post not in known))
    if repository.count(account_id) + len(fresh) > MAX_POSTS:
        raise Invalid(
            "a voice is learnt from {max_posts:,} posts at most; import fewer",
            "file",
            max_posts=MAX_POSTS,
        )
    stored = repository.add_all(fresh, account_id, clock.now())
    result = ImportResult(stored, blank, len(posts) - stored)
    details = {"source": source, "imported": stored, "account_id": account_id}
    audit.record(session, actor, "voice.imported", "voice", account_id, details)
    return result


def list_posts(
    session: Session,
    workspace_id: int,
    actor: Actor,
    account_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[VoicePostInfo]:
    """Voice posts, newest first: the whole workspace's, or those imported for ``account_id``."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    rows = VoicePosts(session, workspace_id).page(
        account_id, max(1, min(limit, 500)), max(0, offset)
    )
    return [VoicePostInfo(row.id, row.account_id, row.text, row.imported_at) for row in rows]


def count_posts(
    session: Session, workspace_id: int, actor: Actor, account_id: int | None = None
) -> int:
    """How many voice posts there are: the whole workspace's, or those imported for
    ``account_id``."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return VoicePosts(session, workspace_id).count(account_id)


def clear(session: Session, workspace_id: int, actor: Actor, account_id: int | None = None) -> int:
    """Remove the voice posts (all, or ``account_id``'s); how many were removed."""
    require(actor, workspace_id, Action.MANAGE_VOICE)
    removed = VoicePosts(session, workspace_id).clear(account_id)
    audit.record(session, actor, "voice.cleared", "voice", account_id, {"removed": removed})
    return removed


# The profile ---------------------------------------------------------------------------------

_cache: OrderedDict[str, VoiceProfile] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 64


def profile_for(
    session: Session,
    workspace_id: int,
    account_id: int | None = None,
    languages: Sequence[str] = (),
) -> VoiceProfile | None:
    """The voice of ``account_id`` (its posts and those imported for no account), or of the
    whole workspace; ``None`` when there is nothing to learn from.

    Building a profile reads every post, so profiles are kept in memory by a digest of the
    posts they were built from: a new import changes the digest, nothing else needs telling."""
    texts = VoicePosts(session, workspace_id).texts(account_id, limit=PROFILE_POSTS)
    if not texts:
        return None
    digest = hashlib.sha256("\x1e".join([*languages, "", *texts]).encode()).hexdigest()
    with _cache_lock:
        if digest in _cache:
            _cache.move_to_end(digest)
            return _cache[digest]
    profile = build_profile(texts, languages or None)
    with _cache_lock:
        _cache[digest] = profile
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return profile
