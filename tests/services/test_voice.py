"""Importing the brand's past posts: all or nothing, with every problem named by its line."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from poise.review.inputs import MAX_TEXT
from poise.services import voice
from poise.services.errors import Invalid, NotFound
from tests.services import factories
from tests.services.cast import Cast


def _import(session: Session, cast: Cast, data: bytes) -> voice.ImportResult:
    return voice.import_csv(session, cast.workspace_id, cast.editor, data)


def _texts(session: Session, cast: Cast) -> list[str]:
    posts = voice.list_posts(session, cast.workspace_id, cast.viewer)
    return sorted(post.text for post in posts)


def test_a_csv_with_a_text_column_imports_that_column(session: Session, cast: Cast) -> None:
    data = b'date,Text,likes\n2026-01-01,"Hello, world",3\n2026-01-02,Second post,5\n'
    result = _import(session, cast, data)
    assert result == voice.ImportResult(imported=2, blank=0, duplicates=0)
    assert _texts(session, cast) == ["Hello, world", "Second post"]


def test_a_csv_without_a_known_header_uses_its_first_column(session: Session, cast: Cast) -> None:
    _import(session, cast, b"First post,2026-01-01\nSecond post,2026-01-02\n")
    assert _texts(session, cast) == ["First post", "Second post"]


def test_a_csv_from_french_excel_with_a_bom_and_semicolons_is_read(
    session: Session, cast: Cast
) -> None:
    data = "\ufeffdate;message\r\n01/01/2026;Bonne année, à tous !\r\n".encode()
    _import(session, cast, data)
    assert _texts(session, cast) == ["Bonne année, à tous !"]


def test_a_quoted_post_may_span_several_lines(session: Session, cast: Cast) -> None:
    _import(session, cast, b'post\n"Line one\nline two"\n')
    assert _texts(session, cast) == ["Line one\nline two"]


def test_blank_rows_are_skipped_and_counted(session: Session, cast: Cast) -> None:
    result = _import(session, cast, b"text,likes\nA post,1\n,2\n\n")
    assert (result.imported, result.blank) == (1, 1)


def test_every_bad_row_is_named_by_its_line_and_nothing_is_imported(
    session: Session, cast: Cast
) -> None:
    long = "x" * (MAX_TEXT + 1)
    data = f'text\nFine\n{long}\n"Spans\ntwo lines"\n{long}\n'.encode()
    with pytest.raises(Invalid) as refused:
        _import(session, cast, data)
    assert refused.value.problems == (
        f"line 3: {MAX_TEXT + 1:,} characters; a post has {MAX_TEXT:,} at most",
        f"line 6: {MAX_TEXT + 1:,} characters; a post has {MAX_TEXT:,} at most",
    )
    assert "nothing was imported: 2 problem(s)" in refused.value.message
    assert _texts(session, cast) == []


def test_a_file_that_is_not_utf8_is_a_clear_error(session: Session, cast: Cast) -> None:
    data = "text\nCafé\nCrème brûlée\n".encode("latin-1")
    with pytest.raises(Invalid, match=r"line 2: this is not UTF-8 text.*CSV UTF-8"):
        _import(session, cast, data)
    assert _texts(session, cast) == []


def test_an_empty_file_says_what_is_expected(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="the file is empty"):
        _import(session, cast, b"")


def test_importing_the_same_posts_again_adds_nothing(session: Session, cast: Cast) -> None:
    _import(session, cast, b"text\nOne\nTwo\n")
    again = _import(session, cast, b"text\nOne\nTwo\nTwo\nThree\n")
    assert (again.imported, again.duplicates) == (1, 3)
    assert _texts(session, cast) == ["One", "Three", "Two"]


def test_pasted_posts_are_one_per_line(session: Session, cast: Cast) -> None:
    voice.import_text(session, cast.workspace_id, cast.editor, "One\n\nTwo")
    voice.import_text(session, cast.workspace_id, cast.editor, "Three\r\nFour\n")
    assert _texts(session, cast) == ["Four", "One", "Three", "Two"]


def test_pasted_posts_separated_by_blank_lines_may_span_lines(session: Session, cast: Cast) -> None:
    voice.import_text(session, cast.workspace_id, cast.editor, "First\nstill first\n \nSecond")
    assert _texts(session, cast) == ["First\nstill first", "Second"]


def test_posts_for_an_unknown_account_are_refused(session: Session, cast: Cast) -> None:
    theirs = factories.account(session, cast.outsider, "@globex")
    with pytest.raises(NotFound):
        voice.import_text(session, cast.workspace_id, cast.editor, "A post", account_id=theirs)


def test_clearing_removes_the_posts_and_the_profile(session: Session, cast: Cast) -> None:
    voice.import_text(session, cast.workspace_id, cast.editor, "One\nTwo")
    profile = voice.profile_for(session, cast.workspace_id)
    assert profile is not None and profile.posts == 2
    assert voice.clear(session, cast.workspace_id, cast.admin) == 2
    assert voice.profile_for(session, cast.workspace_id) is None


def test_an_account_s_profile_adds_the_posts_shared_by_the_workspace(
    session: Session, cast: Cast
) -> None:
    brand = factories.account(session, cast.admin, "@acme")
    other = factories.account(session, cast.admin, "@acme_jobs")
    voice.import_text(session, cast.workspace_id, cast.editor, "Shared post")
    voice.import_text(session, cast.workspace_id, cast.editor, "Brand post", account_id=brand)
    voice.import_text(session, cast.workspace_id, cast.editor, "Jobs post", account_id=other)
    profile = voice.profile_for(session, cast.workspace_id, brand)
    assert profile is not None and profile.posts == 2
