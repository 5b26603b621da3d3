"""Web speed, measured: the drafts pages and the live review of a workspace with 100,000 drafts.

    scripts/bench-web                          # SQLite, and PostgreSQL when a URL is given
    scripts/bench-web --drafts 20000 --repetitions 100
    POISE_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench scripts/bench-web

Fills one workspace with drafts written from the labelled review cases (four languages, each
case's real verdict and findings, reviewed once per distinct text), bulk-inserted through the
storage tables, then times requests made in-process to the ASGI app (no network, no browser):
the composer, a saved draft, the drafts list (first page, an older page, filtered, searched)
and the live review, each after a warm-up. PostgreSQL runs in a schema of its own
(``poise_bench_<pid>``, dropped at the end), from ``POISE_BENCH_DATABASE_URL`` or else
``POISE_TEST_DATABASE_URL``, and is vacuumed and analysed after the insert, as autovacuum
would do; SQLite is measured as Poise leaves it (no ANALYZE).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from poise.domain import Actor, Role
from poise.review import Media
from poise.services import auth, clock, drafts, workspaces
from poise.services.drafts import DraftInput, ReviewOutcome
from poise.storage import Database, make_engine, migrate
from poise.storage.tables import Draft, DraftAccount
from poise.text.normalize import fold_plain
from poise.web.app import create_app

CASES = Path(__file__).resolve().parents[2] / "eval" / "review" / "cases"
PASSWORD = "bench bench bench bench"
SLUG = "bench-coffee"
BATCH = 5_000
PAGE_TARGET_MS = 50.0
REVIEW_TARGET_MS = 30.0
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    language: str
    media: tuple[Media, ...]
    reply_to: str | None


@dataclass(frozen=True, slots=True)
class Seeded:
    email: str
    draft_id: int
    account_id: int
    drafts: int


# The corpus ------------------------------------------------------------------------------------


def corpus() -> list[Case]:
    """Every labelled review case, in file order (four languages, mixed risks)."""
    cases = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                media = tuple(
                    Media(m.get("kind", "image"), m.get("alt")) for m in raw.get("media", [])
                )
                cases.append(Case(raw["text"], raw["lang"], media, raw.get("reply_to")))
    return cases


# Filling the workspace -------------------------------------------------------------------------


def seed(database: Database, count: int, cases: Sequence[Case]) -> Seeded:
    """A workspace with four accounts, four authors and ``count`` drafts."""
    with database.transaction() as s:
        owner = auth.create_user(s, "owner@bench.test", "Bench Owner", PASSWORD)
        workspace = workspaces.create_workspace(
            s,
            "Bench Coffee",
            owner.id,
            audience_countries=["US", "FR", "SA", "JP"],
            audience_languages=["en", "fr", "ar", "ja"],
        )
        actor = Actor(workspace.id, Role.OWNER, user_id=owner.id)
        authors = [owner.id, *_authors(s, workspace.id, actor)]
        accounts = [
            workspaces.create_account(s, workspace.id, actor, network, f"@bench_{network}").id
            for network in ("x", "bluesky", "mastodon", "linkedin")
        ]
        reviewed = [_review(s, workspace.id, actor, case) for case in cases]
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        with database.transaction() as s:
            _insert(
                s,
                workspace.id,
                authors,
                accounts,
                cases,
                reviewed,
                first,
                min(BATCH, count - first),
            )
    print(f"  {count:,} drafts inserted in {time.perf_counter() - started:.1f} s")
    settle(database)
    with database.reading() as s:
        newest = drafts.list_drafts(s, workspace.id, actor, limit=1).drafts[0].id
    return Seeded("owner@bench.test", newest, accounts[0], count)


def settle(database: Database) -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk insert: gather the planner's
    statistics and the visibility map (without them, pages just after the insert are
    planned for a 1,000-row table and counted from the heap)."""
    if database.engine.dialect.name != "postgresql":
        return
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in ("drafts", "draft_accounts"):
            connection.execute(text(f"VACUUM ANALYZE {table}"))


def _authors(session: Session, workspace_id: int, actor: Actor) -> list[int]:
    ids = []
    for number, role in enumerate((Role.EDITOR, Role.CONTRIBUTOR, Role.CONTRIBUTOR)):
        user = auth.create_user(session, f"author{number}@bench.test", f"Author {number}", PASSWORD)
        workspaces.add_member(session, workspace_id, actor, user.email, role)
        ids.append(user.id)
    return ids


def _review(session: Session, workspace_id: int, actor: Actor, case: Case) -> ReviewOutcome:
    content = DraftInput(case.text, case.language, media=case.media, reply_to=case.reply_to)
    return drafts.review_text(session, workspace_id, actor, content, ui_language="en")


def _insert(
    session: Session,
    workspace_id: int,
    authors: Sequence[int],
    accounts: Sequence[int],
    cases: Sequence[Case],
    reviewed: Sequence[ReviewOutcome],
    first: int,
    size: int,
) -> None:
    now = clock.now()
    rows = []
    for number in range(first, first + size):
        case, outcome = cases[number % len(cases)], reviewed[number % len(cases)]
        moment = now - timedelta(minutes=number)
        rows.append(
            {
                "workspace_id": workspace_id,
                "author_id": authors[number % len(authors)],
                "text": case.text,
                "language": None,
                "review_language": outcome.language,
                "variants": {},
                "media": [{"kind": m.kind, "alt": m.alt} for m in case.media],
                "reply_to": case.reply_to,
                "verdict": outcome.verdict.value,
                "score": outcome.score,
                "findings": [dict(f) for f in outcome.findings],
                "search_text": fold_plain(case.text),
                "version": 1,
                "created_at": moment,
                "updated_at": moment,
            }
        )
    ids = session.scalars(insert(Draft).returning(Draft.id), rows).all()
    links = [
        {
            "draft_id": draft_id,
            "account_id": accounts[i % len(accounts)],
            "workspace_id": workspace_id,
            "position": 0,
        }
        for i, draft_id in enumerate(ids)
    ]
    session.execute(insert(DraftAccount), links)


# Measuring -------------------------------------------------------------------------------------


async def measure(
    database: Database, seeded: Seeded, cases: Sequence[Case], repetitions: int
) -> dict[str, list[float]]:
    """Milliseconds per request, for every kind of request."""
    transport = httpx.ASGITransport(app=create_app(database))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench.test") as client:
        token = await _sign_in(client, seeded.email)
        older = await _older_link(client)
        pages = {
            "composer (new draft)": f"/w/{SLUG}/compose",
            "composer (saved draft)": f"/w/{SLUG}/drafts/{seeded.draft_id}",
            "drafts, first page": f"/w/{SLUG}/drafts",
            "drafts, older page": older,
            "drafts, verdict + language": f"/w/{SLUG}/drafts?verdict=review&language=fr",
            "drafts, account filter": f"/w/{SLUG}/drafts?account={seeded.account_id}",
            "drafts, search 'sorry'": f"/w/{SLUG}/drafts?q=sorry",
            "drafts, search (no match)": f"/w/{SLUG}/drafts?q=zzqx",
        }
        results = {name: await _time_get(client, path, repetitions) for name, path in pages.items()}
        results["live review"] = await _time_review(client, token, seeded, cases, repetitions)
    return results


async def _sign_in(client: httpx.AsyncClient, email: str) -> str:
    page = await client.get("/sign-in")
    form = {"email": email, "password": PASSWORD, "csrf_token": _token(page.text)}
    signed = await client.post("/sign-in", data=form)
    assert signed.status_code == 303, signed.text
    return _token((await client.get(f"/w/{SLUG}/compose")).text)


def _token(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def _older_link(client: httpx.AsyncClient) -> str:
    first = await client.get(f"/w/{SLUG}/drafts")
    found = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert found, "the first page has no link to older drafts"
    return found.group(1).replace("&amp;", "&")


async def _time_get(client: httpx.AsyncClient, path: str, repetitions: int) -> list[float]:
    for _ in range(max(5, repetitions // 10)):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings = []
    for _ in range(repetitions):
        started = time.perf_counter()
        await client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def _time_review(
    client: httpx.AsyncClient, token: str, seeded: Seeded, cases: Sequence[Case], repetitions: int
) -> list[float]:
    headers = {"X-CSRF-Token": token}

    def body(number: int) -> dict[str, Any]:
        case = cases[number % len(cases)]
        media = [{"kind": m.kind, "alt": m.alt} for m in case.media]
        return {
            "text": case.text,
            "language": "auto",
            "accounts": [seeded.account_id],
            "media": media,
            "reply_to": case.reply_to,
        }

    for number in range(max(20, repetitions // 10)):
        response = await client.post(f"/w/{SLUG}/review", json=body(number), headers=headers)
        assert response.status_code == 200, response.text
    timings = []
    for number in range(repetitions):
        started = time.perf_counter()
        await client.post(f"/w/{SLUG}/review", json=body(number * 7), headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


# Databases and the report ----------------------------------------------------------------------


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="poise-bench-") as folder:
        url = f"sqlite:///{folder}/poise.db"
        migrate.upgrade(url)
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


@contextmanager
def postgresql_database(url: str) -> Iterator[Database]:
    schema = f"poise_bench_{os.getpid()}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    scoped_url = scoped.render_as_string(hide_password=False)
    migrate.upgrade(scoped_url)
    database = Database(scoped_url)
    try:
        yield database
    finally:
        database.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def percentile(sorted_ms: Sequence[float], share: float) -> float:
    index = min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms)) - 1))
    return sorted_ms[index]


def report(backend: str, results: dict[str, list[float]]) -> None:
    print(f"\n{backend}: milliseconds per request")
    print(f"  {'request':<30} {'p50':>7} {'p95':>7} {'p99':>7}  target (p95)")
    for name, timings in results.items():
        ordered = sorted(timings)
        target = REVIEW_TARGET_MS if name == "live review" else PAGE_TARGET_MS
        p95 = percentile(ordered, 0.95)
        verdict = "ok" if p95 <= target else "OVER"
        print(
            f"  {name:<30} {statistics.median(ordered):7.1f} {p95:7.1f} "
            f"{percentile(ordered, 0.99):7.1f}  ≤ {target:.0f} {verdict}"
        )


def run(backend: str, opened: Any, args: argparse.Namespace, cases: Sequence[Case]) -> None:
    print(f"{backend}: filling a workspace")
    with opened as database:
        seeded = seed(database, args.drafts, cases)
        results = asyncio.run(measure(database, seeded, cases, args.repetitions))
    report(backend, results)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--drafts", type=int, default=100_000)
    parser.add_argument("--repetitions", type=int, default=300)
    parser.add_argument("--backend", choices=["all", "sqlite", "postgresql"], default="all")
    args = parser.parse_args()
    cases = corpus()
    postgresql = os.environ.get("POISE_BENCH_DATABASE_URL") or os.environ.get(
        "POISE_TEST_DATABASE_URL"
    )
    if args.backend in ("all", "sqlite"):
        run("SQLite", sqlite_database(), args, cases)
    if args.backend in ("all", "postgresql"):
        if postgresql:
            run("PostgreSQL", postgresql_database(postgresql), args, cases)
        else:
            print("\nPostgreSQL: skipped (set POISE_BENCH_DATABASE_URL or POISE_TEST_DATABASE_URL)")
    print(
        f"\ntargets: pages p95 ≤ {PAGE_TARGET_MS:.0f} ms, live review p95 ≤ {REVIEW_TARGET_MS:.0f} ms"
    )


if __name__ == "__main__":
    main()
