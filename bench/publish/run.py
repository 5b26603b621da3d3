"""Publishing speed, measured: many posts due in the same minute, sent by 1 and by 4 workers.

    scripts/bench-publish                      # 10,000 posts, then 100 posts, 1 and 4 workers
    scripts/bench-publish --posts 2000 --workers 4

Everything runs for real but the network: PostgreSQL (a schema of its own, from
``POISE_BENCH_DATABASE_URL`` or ``POISE_TEST_DATABASE_URL``, dropped at the end), worker
processes started with ``python -m poise worker`` (each with ``--threads`` threads), and the
built-in sandbox network with a simulated latency of 50 ms on every request. Each worker
reviews every post again before sending it, as in production.

The posts are written straight into the tables (a draft and a delivery each, all due at the
same moment a little ahead), so the measure starts clean at the due time. Printed per run:
time from the due time until the last post was out, lateness (published − due) p50 and p99,
posts per second, and duplicates: posts on the sandbox with the same text more than once (it
must be 0), plus deliveries left unsent.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from poise.domain import Actor, Role
from poise.domain.posts import delivery_key
from poise.services import auth, secrets, workspaces
from poise.storage import Database, make_engine, migrate
from poise.storage.db import normalize_url
from poise.storage.tables import Delivery, Draft

SECRET = "bench bench bench bench bench bench bench"
LATENCY_MS = 50
ACCOUNTS = 20
LEAD = timedelta(seconds=20)  # workers start, and load review's data, before the posts fall due
TEXT = "Bench post {n}: our winter menu is here, with maple latte and cinnamon buns."


@dataclass(frozen=True, slots=True)
class Result:
    posts: int
    workers: int
    threads: int
    all_out_s: float
    lateness_p50: float
    lateness_p99: float
    per_second: float
    duplicates: int
    unsent: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="*", default=[10_000, 100])
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 4])
    # 16 threads each keeps 4 workers within PostgreSQL's default 100 connections.
    parser.add_argument("--threads", type=int, default=16)
    arguments = parser.parse_args()
    url = os.environ.get("POISE_BENCH_DATABASE_URL") or os.environ.get("POISE_TEST_DATABASE_URL")
    if not url:
        raise SystemExit("set POISE_BENCH_DATABASE_URL (or POISE_TEST_DATABASE_URL) to PostgreSQL")
    os.environ["POISE_SECRET_KEY"] = SECRET
    secrets.forget()
    print(f"sandbox latency {LATENCY_MS} ms, {arguments.threads} threads per worker, PostgreSQL")
    print(
        f"{'posts':>6} {'workers':>7} {'all out':>9} {'late p50':>9} {'late p99':>9} "
        f"{'posts/s':>8} {'dupes':>5} {'unsent':>6}"
    )
    for posts in arguments.posts:
        for workers in arguments.workers:
            result = run_once(url, posts, workers, arguments.threads)
            print(
                f"{result.posts:>6} {result.workers:>7} {result.all_out_s:>8.1f}s "
                f"{result.lateness_p50:>8.2f}s {result.lateness_p99:>8.2f}s "
                f"{result.per_second:>8.0f} {result.duplicates:>5} {result.unsent:>6}",
                flush=True,
            )


def run_once(base_url: str, posts: int, workers: int, threads: int) -> Result:
    schema = f"poise_bench_publish_{os.getpid()}"
    url = _schema(base_url, schema)
    migrate.upgrade(url)
    database = Database(url)
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "sandbox.db"
        try:
            due = _seed(database, posts)
            processes = [_worker(url, Path(folder), threads) for _ in range(workers)]
            try:
                finished = _wait(database, posts, due)
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(30)
            return _measure(database, store, posts, workers, threads, due, finished)
        finally:
            database.dispose()
            _drop(base_url, schema)


def _seed(database: Database, posts: int) -> datetime:
    due = datetime.now(UTC).replace(microsecond=0) + LEAD
    with database.transaction() as session:
        owner = auth.create_user(session, "bench@acme.test", "Bench", "bench bench bench bench")
        space = workspaces.create_workspace(session, "Bench", owner.id)
        actor = Actor(space.id, Role.OWNER, user_id=owner.id)
        ids = [
            workspaces.create_account(session, space.id, actor, "sandbox", f"@bench{n}").id
            for n in range(ACCOUNTS)
        ]
        now = datetime.now(UTC)
        session.execute(insert(Draft), [_draft(space.id, n, due, now) for n in range(posts)])
        draft_ids = list(session.scalars(select(Draft.id).order_by(Draft.id)))
        session.execute(
            insert(Delivery),
            [
                _delivery(space.id, d, ids[i % ACCOUNTS], i, due, now)
                for i, d in enumerate(draft_ids)
            ],
        )
    return due


def _draft(workspace_id: int, n: int, due: datetime, now: datetime) -> dict[str, object]:
    body = TEXT.format(n=n)
    return {
        "workspace_id": workspace_id,
        "text": body,
        "language": "en",
        "review_language": "en",
        "variants": {},
        "media": [],
        "verdict": "pass",
        "score": 0,
        "findings": [],
        "search_text": body.lower(),
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "state": "scheduled",
        "scheduled_at": due,
        "accepted": [],
    }


def _delivery(
    workspace_id: int, draft_id: int, account_id: int, n: int, due: datetime, now: datetime
) -> dict[str, object]:
    return {
        "workspace_id": workspace_id,
        "draft_id": draft_id,
        "account_id": account_id,
        "network": "sandbox",
        "key": delivery_key(secrets.delivery_secret(), draft_id, account_id),
        "state": "scheduled",
        "text": TEXT.format(n=n),
        "language": "en",
        "alt_texts": [],
        "due_at": due,
        "next_attempt_at": due,
        "attempts": 0,
        "must_check": False,
        "created_at": now,
        "updated_at": now,
    }


def _worker(url: str, data: Path, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "POISE_DATABASE_URL": url,
        "POISE_DATA_DIR": str(data),
        "POISE_SANDBOX_LATENCY_MS": str(LATENCY_MS),
        "POISE_WORKER_THREADS": str(threads),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "poise", "worker"], env=env, stdout=subprocess.DEVNULL
    )


def _wait(database: Database, posts: int, due: datetime) -> datetime:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        with database.reading() as session:
            done = session.scalar(select(func.count()).where(Delivery.state == "published"))
        if done == posts:
            return datetime.now(UTC)
        time.sleep(0.2)
    return datetime.now(UTC)


def _measure(
    database: Database,
    store: Path,
    posts: int,
    workers: int,
    threads: int,
    due: datetime,
    finished: datetime,
) -> Result:
    with database.reading() as session:
        times = list(
            session.scalars(select(Delivery.published_at).where(Delivery.state == "published"))
        )
        unsent = posts - len(times)
    lateness = sorted(max((t - due).total_seconds(), 0.0) for t in times if t is not None)
    last = max(lateness) if lateness else float("nan")
    with sqlite3.connect(store) as sandbox:
        duplicates = sandbox.execute(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM posts GROUP BY text)"
        ).fetchone()[0]
    return Result(
        posts=posts,
        workers=workers,
        threads=threads,
        all_out_s=last,
        lateness_p50=statistics.median(lateness) if lateness else float("nan"),
        lateness_p99=lateness[min(int(len(lateness) * 0.99), len(lateness) - 1)]
        if lateness
        else float("nan"),
        per_second=len(lateness) / last if last and last > 0 else float("nan"),
        duplicates=int(duplicates),
        unsent=unsent,
    )


def _schema(base_url: str, schema: str) -> str:
    """A fresh schema in the database ``base_url`` names, and the URL that works in it."""
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    scoped = make_url(normalize_url(base_url)).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    return scoped.render_as_string(hide_password=False)


def _drop(base_url: str, schema: str) -> None:
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


if __name__ == "__main__":
    main()
