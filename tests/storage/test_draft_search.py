"""Searching drafts through the trigram index finds exactly what a plain scan finds, and the
index follows every insert, update and delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from poise.storage.drafts import SEARCH_TABLE, DraftQuery, Drafts
from poise.storage.tables import Draft, Workspace
from poise.text.normalize import fold_plain

AT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)

BODIES = [
    "Nouveau : un latte à l'érable dans nos CAFÉS.",
    "Nos cafés rouvrent lundi. Merci pour votre patience.",
    "Café crème, crème brûlée, et un Œuf.",
    "Straße und Strasse, große Grüße",
    "قهوة عربية أصيلة مع إسلام وآمال",
    "مكتبة القاهرة الكبرى",
    "東京タワーの夜景がきれい",
    "とうきょうたわー に いこう",
    "Save 100% of the fun_times with us.",
    'She said "hello" (twice) - AND left: NEAR the *door*',
    "funXtimes and 100 percent",
    "Emoji 🚨 alarm 🚨🚨 going off",
    "ab",
    "tab\tseparated\nnew line",
]

QUERIES = [
    # Three characters or more: through the index.
    "cafe",
    "CAFÉS",
    "érable",
    "creme brulee",
    "oeuf",
    "strasse",
    "grüße",
    "عربية",
    "اسلام",
    "امال",
    "القاهرة",
    "タワー",
    "たわー",
    "とうきょう",
    "100%",
    "0% o",
    "fun_times",
    "n_t",
    "%_%",
    '"hello"',
    "(twice) - and",
    "near the *",
    "🚨🚨",
    "alarm 🚨",
    "d\nnew",
    "lundi. merci",
    "zzqx",
    "the",
    # Shorter: a plain scan.
    "ab",
    "%",
    "_",
    "é",
    "タワ",
    "ع",
    '"',
    "🚨",
]


def _workspace(session: Session, slug: str) -> Workspace:
    workspace = Workspace(
        name=slug.title(),
        slug=slug,
        time_zone="UTC",
        audience_countries=[],
        audience_languages=[],
        banned_words=[],
        glossary=[],
        disclosure_required=False,
        created_at=AT,
    )
    session.add(workspace)
    session.flush()
    return workspace


def _draft(workspace: Workspace, body: str, minutes: int) -> Draft:
    moment = AT + timedelta(minutes=minutes)
    return Draft(
        workspace_id=workspace.id,
        text=body,
        review_language="en",
        variants={},
        media=[],
        verdict="pass",
        score=0,
        findings=[],
        search_text=fold_plain(body),
        version=1,
        created_at=moment,
        updated_at=moment,
    )


def _found(drafts: Drafts, query: str) -> list[int]:
    return [draft.id for draft in drafts.page(DraftQuery(search=fold_plain(query)), limit=1000)]


def _scanned(session: Session, workspace: Workspace, query: str) -> list[int]:
    """The drafts a plain ``LIKE '%…%'`` scan finds, as search did before the index."""
    statement = (
        select(Draft.id)
        .where(
            Draft.workspace_id == workspace.id,
            Draft.search_text.contains(fold_plain(query), autoescape=True),
        )
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
    )
    return list(session.scalars(statement))


@pytest.fixture
def library(session: Session) -> tuple[Workspace, Drafts]:
    workspace = _workspace(session, "acme")
    other = _workspace(session, "other")
    for minutes, body in enumerate(BODIES):
        session.add(_draft(workspace, body, minutes))
        session.add(_draft(other, body, minutes))
    session.flush()
    return workspace, Drafts(session, workspace.id)


def _index_is_consistent(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        # FTS5 compares its index with the drafts table it indexes, and raises when they differ.
        session.execute(
            text(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank) VALUES ('integrity-check', 1)")
        )


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_what_a_plain_scan_finds(
    session: Session, library: tuple[Workspace, Drafts], query: str
) -> None:
    workspace, drafts = library
    expected = [
        draft.id
        for draft in session.scalars(
            select(Draft)
            .where(Draft.workspace_id == workspace.id)
            .order_by(Draft.updated_at.desc(), Draft.id.desc())
        )
        if fold_plain(query) in draft.search_text
    ]
    assert _found(drafts, query) == _scanned(session, workspace, query) == expected


def test_the_varied_queries_do_find_drafts(library: tuple[Workspace, Drafts]) -> None:
    _, drafts = library
    hits = {query: len(_found(drafts, query)) for query in QUERIES}
    assert hits["cafe"] == 3 and hits["タワー"] == 2 and hits["اسلام"] == 1
    assert hits["fun_times"] == 1 and hits["n_t"] == 1 and hits['"hello"'] == 1
    assert hits["zzqx"] == 0 and hits["ab"] == 3


def test_an_updated_draft_is_found_by_its_new_text_only(
    session: Session, library: tuple[Workspace, Drafts]
) -> None:
    _, drafts = library
    draft = drafts.page(DraftQuery(search="erable"), limit=10)[0]
    draft.text = "Un thé vert glacé"
    draft.search_text = fold_plain(draft.text)
    session.flush()
    assert _found(drafts, "érable") == []
    assert _found(drafts, "the vert") == [draft.id]
    _index_is_consistent(session)


def test_a_deleted_draft_is_no_longer_found(
    session: Session, library: tuple[Workspace, Drafts]
) -> None:
    _, drafts = library
    [gone] = drafts.page(DraftQuery(search=fold_plain("タワー")), limit=1)
    kept = [i for i in _found(drafts, "タワー") if i != gone.id]
    drafts.remove(gone)
    assert _found(drafts, "タワー") == kept
    _index_is_consistent(session)


def test_deleting_a_workspace_removes_its_drafts_from_the_index(
    session: Session, library: tuple[Workspace, Drafts]
) -> None:
    _, drafts = library
    session.execute(text("DELETE FROM workspaces WHERE slug = 'other'"))
    assert len(_found(drafts, "cafe")) == 3
    _index_is_consistent(session)
    if session.get_bind().dialect.name == "sqlite":
        indexed = session.execute(text(f"SELECT count(*) FROM {SEARCH_TABLE}_docsize"))
        assert indexed.scalar_one() == len(BODIES)
