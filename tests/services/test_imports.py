"""Scheduling posts from a CSV file: every row or none, every problem with its line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poise.domain.posts import PostState
from poise.services import imports, queue, workspaces
from poise.storage.db import Database
from poise.storage.tables import Draft
from tests.services.cast import Cast
from tests.services.factories import account


def _drafts(session: Session) -> int:
    session.expire_all()
    count = session.scalar(select(func.count()).select_from(Draft)) or 0
    session.commit()
    return count


def _refused(database: Database, cast: Cast, data: bytes) -> list[tuple[int | None, str]]:
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    return [(problem.line, problem.code) for problem in refused.value.problems]


@pytest.fixture
def accounts(session: Session, cast: Cast) -> None:
    account(session, cast.admin, "@acme")
    account(session, cast.admin, "@acme_fr")
    # Not connected, so nothing can be scheduled to it; it shares a handle with the sandbox's.
    account(session, cast.admin, "@acme", network="mastodon")
    session.commit()


def test_every_row_of_a_good_file_is_scheduled_at_its_time(
    session: Session, database: Database, cast: Cast, accounts: None
) -> None:
    data = (
        b"text,accounts,at\n"
        b'"Winter menu, from Monday.",sandbox:@acme,2026-11-24 09:30\n'
        b"Maple latte is back.,@acme_fr;sandbox:@acme,2026-11-25T10:00:00+01:00\n"
    )
    result = imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    assert result.scheduled == 2 and result.in_review == 0
    assert [post.line for post in result.posts] == [2, 3]
    assert result.posts[0].scheduled_at == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert result.posts[1].scheduled_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert _drafts(session) == 2


def test_a_contributors_rows_go_to_the_approvers(
    session: Session, database: Database, cast: Cast, accounts: None
) -> None:
    data = b"text,accounts,at\nWinter menu from Monday.,@acme_fr,2026-11-24 09:30\n"
    result = imports.import_schedule(database, cast.workspace_id, cast.contributor, data)
    assert [post.state for post in result.posts] == [PostState.IN_REVIEW]


def test_rows_without_a_time_take_the_next_free_queue_slots(
    session: Session, database: Database, cast: Cast, accounts: None
) -> None:
    queue.set_slots(session, cast.workspace_id, cast.admin, [queue.Slot(0, 9 * 60)])
    session.commit()
    data = b"text,accounts\nFirst.,@acme_fr\nSecond.,@acme_fr\n"
    result = imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    assert [post.scheduled_at for post in result.posts] == [
        datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
    ]


def test_every_bad_row_is_reported_by_its_line_and_nothing_is_imported(
    session: Session, database: Database, cast: Cast, accounts: None
) -> None:
    data = (
        b"text,accounts,at,language\n"
        b"Fine.,@acme_fr,2026-11-24 09:30,\n"
        b"Who is this?,@nobody,2026-11-24 09:30,\n"
        b'"A post over\ntwo lines.",@acme,2026-11-24 09:30,\n'
        b"Too late.,@acme_fr,2026-11-20 09:30,\n"
        b"When?,@acme_fr,tomorrow,xx\n"
        b",@acme_fr,,\n"
    )
    assert _refused(database, cast, data) == [
        (3, "unknown_account"),
        (4, "ambiguous_account"),
        (6, "past"),
        (7, "bad_date"),
        (7, "bad_language"),
        (8, "text_missing"),
    ]
    assert _drafts(session) == 0


def test_a_row_review_blocks_is_a_problem_of_its_line(
    session: Session, database: Database, cast: Cast, accounts: None
) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.owner, banned_words=["tequila"])
    session.commit()
    data = b"text,accounts,at\nFine.,@acme_fr,2026-11-24 09:30\nTequila time!,@acme_fr,2026-11-24 10:30\n"
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    (problem,) = refused.value.problems
    assert (problem.line, problem.code) == (3, "refused")
    assert problem.detail and "review blocks this post" in problem.detail
    assert _drafts(session) == 0


def test_a_file_that_is_not_utf8_says_so_with_its_line(database: Database, cast: Cast) -> None:
    data = "text\nCafé crème\n".encode("latin-1")
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    (problem,) = refused.value.problems
    assert problem.code == "not_utf8" and problem.values == {"line": "2"}


def test_a_utf8_file_with_a_byte_order_mark_is_read(
    database: Database, cast: Cast, accounts: None
) -> None:
    data = "\ufefftext,accounts,at\nCafé crème.,@acme_fr,2026-11-24 09:30\n".encode()
    assert imports.import_schedule(database, cast.workspace_id, cast.editor, data).scheduled == 1


def test_an_unclosed_quote_is_reported_where_the_record_starts(
    database: Database, cast: Cast
) -> None:
    data = b'text,accounts\nFine.,@acme\n"Never closed,@acme\nMore.,@acme\n'
    assert _refused(database, cast, data) == [(3, "broken_csv")]


def test_empty_files_headers_alone_and_unknown_columns_are_explained(
    database: Database, cast: Cast
) -> None:
    assert _refused(database, cast, b"") == [(None, "empty")]
    assert _refused(database, cast, b"text,accounts\n") == [(None, "no_rows")]
    assert _refused(database, cast, b"post,acounts\nHi,@acme\n") == [
        (1, "no_text_column"),
        (1, "unknown_column"),
        (1, "unknown_column"),
    ]


def test_a_file_too_large_or_too_long_is_refused_before_reading_its_rows(
    database: Database, cast: Cast
) -> None:
    assert _refused(database, cast, b"x" * (imports.MAX_BYTES + 1)) == [(None, "too_large")]
    rows = "".join(f"Post {n}.,@acme\n" for n in range(imports.MAX_ROWS + 1))
    assert _refused(database, cast, f"text,accounts\n{rows}".encode()) == [(None, "too_many_rows")]


def test_control_characters_and_broken_conversions_are_invalid() -> None:
    assert imports.invalid_character("Fine, with a tab\tand lines\n") is None
    assert imports.invalid_character("Bell\x07") == 4
    assert imports.invalid_character("Caf\ufffd") == 3
    assert imports.invalid_character("\ufdd0") == 0


def test_a_french_spreadsheets_semicolons_are_understood(
    database: Database, cast: Cast, accounts: None
) -> None:
    data = 'text;accounts;at\n"Bonjour, à lundi.";@acme_fr;2026-11-24 09:30\n'.encode()
    result = imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    assert result.posts[0].text == "Bonjour, à lundi."


def test_a_variant_column_gives_that_network_its_own_text(
    session: Session, database: Database, cast: Cast, accounts: None
) -> None:
    data = b"text,accounts,at,variant:sandbox\nLong text.,@acme_fr,2026-11-24 09:30,Short.\n"
    result = imports.import_schedule(database, cast.workspace_id, cast.editor, data)
    row = session.get(Draft, result.posts[0].draft_id)
    assert row is not None and row.variants == {"sandbox": "Short."}
