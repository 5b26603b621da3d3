"""Scheduling many posts at once from a CSV file: all of them, or none.

The file has a header line. Columns:

- ``text`` (required): the post;
- ``accounts``: the handles it goes to, separated by spaces or ``;``, each optionally
  ``network:handle`` (``mastodon:@brand``) when two networks share a handle;
- ``at``: when, as local ``YYYY-MM-DD HH:MM`` in the workspace's time zone or ISO-8601 with an
  offset; empty takes the queue's next free slot;
- ``language`` (optional), and ``variant:<network>`` columns for a text that should read
  differently on that network.

Every row is checked, then saved and scheduled through the same use cases as the composer
(``drafts.save_draft`` then ``publishing.schedule``), in one transaction: a row that needs an
approval goes to the approvers, and a row review blocks is a problem like any other. When any
row has a problem, the transaction is rolled back and every problem is reported by its line.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.domain.posts import PostState
from poise.review.inputs import MAX_TEXT
from poise.services import clock, drafts, publishing
from poise.services.access import require
from poise.services.errors import Conflict, Invalid, NotFound
from poise.services.workspaces import account_networks
from poise.storage.db import Database
from poise.storage.tables import Account
from poise.storage.workspaces import Accounts, Workspaces
from poise.text.languages import supported as supported_languages

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
COLUMNS = ("text", "accounts", "at", "language")
VARIANT = "variant:"
LOCAL_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S")
_DELIMITERS = (",", ";", "\t")
_ALLOWED_CONTROLS = frozenset("\n\r\t")


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong, where: ``code`` names the problem (the page words it in the reader's
    language with ``values``), ``line`` is the file's line (``None``: the whole file), and
    ``detail`` is a service's own message when the use case refused the row."""

    code: str
    line: int | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    detail: str | None = None


class ImportRefused(Exception):
    """Nothing was imported; ``problems`` says why, in the order of the file."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = tuple(sorted(problems, key=lambda p: (p.line or 0, p.code)))


@dataclass(frozen=True, slots=True)
class Row:
    """One post of the file, as written: ``line`` is where its record starts."""

    line: int
    text: str
    accounts: str = ""
    at: str = ""
    language: str = ""
    variants: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportedPost:
    line: int
    draft_id: int
    state: PostState
    scheduled_at: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    posts: tuple[ImportedPost, ...]

    @property
    def scheduled(self) -> int:
        return sum(1 for post in self.posts if post.state is PostState.SCHEDULED)

    @property
    def in_review(self) -> int:
        return sum(1 for post in self.posts if post.state is PostState.IN_REVIEW)


# Reading the file ------------------------------------------------------------------------------


def read_rows(data: bytes) -> list[Row]:
    """The rows of the file; raises ``ImportRefused`` when the file itself cannot be read
    (too large, not UTF-8, broken quoting, no ``text`` column, too many rows)."""
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem("too_large", values={"limit": str(MAX_BYTES // 2**20)})])
    text = decode(data)
    if not text.strip():
        raise ImportRefused([Problem("empty")])
    records = list(_records(text))
    header = _header(records[0][1])
    rows = [
        _row(line, header, values) for line, values in records[1:] if any(map(str.strip, values))
    ]
    if not rows:
        raise ImportRefused([Problem("no_rows")])
    if len(rows) > MAX_ROWS:
        raise ImportRefused([Problem("too_many_rows", values={"limit": str(MAX_ROWS)})])
    return rows


def decode(data: bytes) -> str:
    """The file as text: UTF-8, with or without a byte order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused([Problem("utf16")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused([Problem("not_utf8", values={"line": str(line)})]) from None


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, its values)."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True
    )
    start = 1
    try:
        for values in reader:
            yield start, values
            start = reader.line_num + 1
    except csv.Error as error:
        problem = Problem("broken_csv", start, {"reason": str(error)})
        raise ImportRefused([problem]) from None


def _delimiter(first_line: str) -> str:
    """The separator that makes a ``text`` column of the header (spreadsheets set to French
    write ``;``), else a comma."""
    for delimiter in _DELIMITERS:
        names = [name.strip().strip('"').lower() for name in first_line.split(delimiter)]
        if "text" in names:
            return delimiter
    return ","


def _header(names: list[str]) -> list[str]:
    header = [name.strip().lower() for name in names]
    problems = [
        Problem("unknown_column", 1, {"column": name})
        for name in header
        if name not in COLUMNS and not _variant_network(name)
    ]
    problems += [
        Problem("duplicate_column", 1, {"column": name})
        for name in sorted(set(header))
        if header.count(name) > 1
    ]
    if "text" not in header:
        problems.append(Problem("no_text_column", 1))
    if problems:
        raise ImportRefused(problems)
    return header


def _variant_network(column: str) -> str | None:
    if not column.startswith(VARIANT):
        return None
    network = column[len(VARIANT) :].strip()
    return network if network in account_networks() else None


def _row(line: int, header: list[str], values: list[str]) -> Row:
    cells = dict(zip(header, values, strict=False))
    variants = {
        network: cells[name]
        for name in header
        if (network := _variant_network(name)) and cells.get(name, "").strip()
    }
    return Row(
        line=line,
        text=cells.get("text", ""),
        accounts=cells.get("accounts", ""),
        at=cells.get("at", "").strip(),
        language=cells.get("language", "").strip().lower(),
        variants=variants,
    )


# Checking a row --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checked:
    row: Row
    account_ids: tuple[int, ...]
    at: datetime | None


def check_row(
    row: Row, accounts: Sequence[Account], zone: ZoneInfo, now: datetime
) -> tuple[Checked | None, list[Problem]]:
    """What can be told about the row without saving it: its text, accounts, time and
    language."""
    problems = _text_problems(row)
    chosen, account_problems = resolve_accounts(row.line, row.accounts, accounts)
    problems += account_problems
    at, time_problems = _time(row, zone, now)
    problems += time_problems
    if row.language and row.language not in supported_languages():
        problems.append(Problem("bad_language", row.line, {"written": row.language}))
    if not problems:
        problems += _length_problems(row, chosen)
    if problems:
        return None, problems
    return Checked(row, tuple(a.id for a in chosen), at), []


def _text_problems(row: Row) -> list[Problem]:
    if not row.text.strip():
        return [Problem("text_missing", row.line)]
    problems = []
    if len(row.text) > MAX_TEXT:
        values = {"length": str(len(row.text)), "limit": str(MAX_TEXT)}
        problems.append(Problem("text_too_long", row.line, values))
    for column, value in [("text", row.text), *row.variants.items()]:
        position = invalid_character(value)
        if position is not None:
            values = {"column": column, "position": str(position + 1)}
            problems.append(Problem("invalid_unicode", row.line, values))
    return problems


def invalid_character(text: str) -> int | None:
    """Where the first character that has no place in a post is (control characters, the
    replacement character left by a broken conversion, non-characters), else ``None``."""
    for index, char in enumerate(text):
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") or char == "\ufffd" or _noncharacter(char):
            return index
    return None


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def resolve_accounts(
    line: int, written: str, accounts: Sequence[Account]
) -> tuple[list[Account], list[Problem]]:
    """The workspace's accounts named in ``written``."""
    names = [name for name in written.replace(";", " ").split() if name]
    if not names:
        return [], [Problem("no_account", line)]
    chosen: list[Account] = []
    problems: list[Problem] = []
    for name in dict.fromkeys(names):
        found = _matching(name, accounts)
        if len(found) == 1:
            chosen.append(found[0])
        else:
            code = "unknown_account" if not found else "ambiguous_account"
            problems.append(Problem(code, line, {"name": name}))
    return chosen, problems


def _matching(name: str, accounts: Sequence[Account]) -> list[Account]:
    network, _, handle = name.partition(":")
    if not handle or network.lower() not in account_networks():
        network, handle = "", name
    wanted = handle.lower().lstrip("@")
    return [
        account
        for account in accounts
        if account.handle.lower().lstrip("@") == wanted
        and (not network or account.network == network.lower())
    ]


def _time(row: Row, zone: ZoneInfo, now: datetime) -> tuple[datetime | None, list[Problem]]:
    if not row.at:
        return None, []
    moment = parse_time(row.at, zone)
    if moment is None:
        return None, [Problem("bad_date", row.line, {"written": row.at})]
    if moment < now - publishing.GRACE:
        return None, [Problem("past", row.line, {"written": row.at})]
    return moment, []


def parse_time(value: str, zone: ZoneInfo) -> datetime | None:
    """Local ``YYYY-MM-DD HH:MM`` in ``zone``, or ISO-8601 with an offset; ``None`` when it is
    neither."""
    for pattern in LOCAL_FORMATS:
        try:
            return datetime.strptime(value, pattern).replace(tzinfo=zone)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _length_problems(row: Row, chosen: Sequence[Account]) -> list[Problem]:
    lengths = drafts.measure(row.text, [a.network for a in chosen], row.variants)
    return [
        Problem(
            "too_long_for",
            row.line,
            {"network": length.name, "length": str(length.length), "limit": str(length.limit)},
        )
        for length in lengths
        if length.over
    ]


# Importing -------------------------------------------------------------------------------------


def import_schedule(
    database: Database,
    workspace_id: int,
    actor: Actor,
    data: bytes,
    ui_language: str | None = None,
) -> ImportResult:
    """Schedule every row of the file, or none: raises ``ImportRefused`` listing every
    problem by its line."""
    require(actor, workspace_id, Action.WRITE_DRAFTS)
    rows = read_rows(data)
    with database.transaction() as session:
        return _import(session, workspace_id, actor, rows, ui_language)


def _import(
    session: Session,
    workspace_id: int,
    actor: Actor,
    rows: Sequence[Row],
    ui_language: str | None,
) -> ImportResult:
    """Runs in the import's transaction; raising rolls every row back."""
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    accounts = Accounts(session, workspace_id).list()
    zone, now = ZoneInfo(workspace.time_zone), clock.now()
    problems: list[Problem] = []
    posts: list[ImportedPost] = []
    for row in rows:
        checked, found = check_row(row, accounts, zone, now)
        problems += found
        if checked is None:
            continue
        try:
            posts.append(_schedule(session, workspace_id, actor, checked, ui_language))
        except (Invalid, Conflict) as error:
            problems.append(Problem("refused", row.line, detail=str(error)))
    if problems:
        raise ImportRefused(problems)
    return ImportResult(tuple(posts))


def _schedule(
    session: Session, workspace_id: int, actor: Actor, checked: Checked, ui_language: str | None
) -> ImportedPost:
    row = checked.row
    content = drafts.DraftInput(
        text=row.text,
        language=row.language or None,
        variants=dict(row.variants),
        account_ids=checked.account_ids,
    )
    view = drafts.save_draft(session, workspace_id, actor, content, ui_language=ui_language)
    at = checked.at or publishing.next_slot(session, workspace_id)
    outcome = publishing.schedule(session, workspace_id, actor, view.id, at)
    return ImportedPost(row.line, view.id, outcome.state, outcome.scheduled_at, row.text)
