"""Chaos: hundreds of posts, three workers on PostgreSQL killed at random, a network that
fails on purpose, and in the end every post exists exactly once on its network.

The posts go to a real Bluesky PDS and a real Mastodon API server on this machine, through a
proxy that answers 500 and 429, hangs past the client's timeout and drops connections, some of
them *after* the post was made. Meanwhile workers are killed with SIGKILL at random moments,
including while they wait for a network's answer (between sending and recording it), and
started again. The database must agree with the networks: every post published, once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from poise.domain import Actor, Role
from poise.networks.client import Profile
from poise.services import accounts, auth, drafts, publishing, workspaces
from poise.storage import migrate
from poise.storage.db import Database
from poise.storage.tables import Delivery
from tests.servers.bluesky import LocalPds
from tests.servers.faults import FaultPlan, FaultyProxy
from tests.servers.mastodon import LocalMastodon
from tests.storage.fixtures import POSTGRESQL_URL, create_schema, drop_schema

pytestmark = pytest.mark.skipif(
    not POSTGRESQL_URL, reason="needs PostgreSQL: set POISE_TEST_DATABASE_URL (scripts/test does)"
)

ACCOUNTS_PER_NETWORK = 4
POSTS_PER_ACCOUNT = 30
WORKERS = 3
CHAOS_SECONDS = 30
SETTLE_SECONDS = 240
SECRET = "a test key that is long enough to use"  # the key tests/conftest.py gives every test


@pytest.fixture
def chaos_database(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    schema = f"poise_chaos_{os.getpid()}"
    url = create_schema(schema)
    migrate.upgrade(url)
    database = Database(url)
    try:
        yield url, database
    finally:
        database.dispose()
        drop_schema(schema)


def test_killed_workers_and_a_faulty_network_never_lose_or_double_a_post(
    chaos_database: tuple[str, Database],
    pds: LocalPds,
    mastodon_server: LocalMastodon,
    tmp_path: Path,
) -> None:
    url, database = chaos_database
    plan = FaultPlan(
        refuse_500=0.04, refuse_429=0.03, after_500=0.04, after_hang=0.04, after_drop=0.04
    )
    proxies = [FaultyProxy(pds.url, plan).start(), FaultyProxy(mastodon_server.url, plan).start()]
    workers: list[subprocess.Popen[bytes]] = []
    try:
        expected = _plan_posts(database, pds, mastodon_server, proxies)
        kills = _run_chaos(url, tmp_path, workers)
        _wait_until_settled(database)
    finally:
        _stop(workers)
        for proxy in proxies:
            proxy.stop()
    print(
        f"\nchaos: {len(expected)} posts, {kills} workers killed, faults injected {dict(plan.faults)}"
    )
    assert kills >= 10, "the workers were not killed often enough to prove anything"
    assert plan.faults["after_hang"] + plan.faults["after_drop"] + plan.faults["after_500"] > 5
    _assert_each_post_exists_once(database, pds, mastodon_server, expected)


def _plan_posts(
    database: Database, pds: LocalPds, mastodon: LocalMastodon, proxies: list[FaultyProxy]
) -> dict[str, tuple[str, str]]:
    """Connect the accounts (through the faulty proxies) and schedule every post for now.
    Returns each post's text → (network, handle or token to read it back)."""
    expected: dict[str, tuple[str, str]] = {}
    with database.transaction() as session:
        owner = auth.create_user(session, "chaos@acme.test", "Chaos Owner", "long enough password")
        space = workspaces.create_workspace(session, "Chaos", owner.id)
        actor = Actor(space.id, Role.OWNER, user_id=owner.id)
        for index in range(ACCOUNTS_PER_NETWORK):
            handle, password = pds.create_account()
            fields = {"service": proxies[0].url, "handle": handle, "app_password": password}
            bluesky = accounts.save_connection(
                session, space.id, actor, "bluesky", fields, Profile(handle=handle)
            )
            token = mastodon.create_account()
            fields = {"instance": proxies[1].url, "access_token": token}
            mastodon_account = accounts.save_connection(
                session, space.id, actor, "mastodon", fields, Profile(handle=f"chaos{index}")
            )
            for number in range(POSTS_PER_ACCOUNT):
                for account_id, key, network in (
                    (bluesky.id, handle, "bluesky"),
                    (mastodon_account.id, token, "mastodon"),
                ):
                    text = f"Winter menu note {network} {index}-{number}: maple latte is back."
                    content = drafts.DraftInput(text=text, language="en", account_ids=[account_id])
                    saved = drafts.save_draft(session, space.id, actor, content)
                    publishing.schedule(session, space.id, actor, saved.id, None)
                    expected[text] = (network, key)
    return expected


def _worker(url: str, data: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "POISE_DATABASE_URL": url,
        "POISE_SECRET_KEY": SECRET,
        "POISE_DATA_DIR": str(data),
        "POISE_WORKER_THREADS": "3",
        "POISE_LEASE_SECONDS": "15",
        "POISE_NETWORK_TIMEOUT": "3",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "poise", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _run_chaos(url: str, data: Path, workers: list[subprocess.Popen[bytes]]) -> int:
    """Run the workers, killing one at random every moment or so; return how many kills. The
    workers left alive then finish the work, faults and all."""
    rng = random.Random(11)
    workers.extend(_worker(url, data) for _ in range(WORKERS))
    kills = 0
    deadline = time.monotonic() + CHAOS_SECONDS
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(0.3, 2.0))
        victim = rng.randrange(WORKERS)
        workers[victim].send_signal(signal.SIGKILL)
        workers[victim].wait()
        kills += 1
        workers[victim] = _worker(url, data)
    return kills


def _wait_until_settled(database: Database) -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        if not _unsettled(database):
            return
        time.sleep(1)
    pytest.fail(f"posts still not settled after {SETTLE_SECONDS}s: {_unsettled(database)}")


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()


def _unsettled(database: Database) -> dict[str, int]:
    with database.reading() as session:
        rows = session.execute(
            select(Delivery.state, func.count())
            .where(Delivery.state != "published")
            .group_by(Delivery.state)
        )
        return {state: count for state, count in rows}


def _assert_each_post_exists_once(
    database: Database,
    pds: LocalPds,
    mastodon: LocalMastodon,
    expected: dict[str, tuple[str, str]],
) -> None:
    on_network: Counter[str] = Counter()
    for reader in {value for value in expected.values()}:
        network, key = reader
        if network == "bluesky":
            on_network.update(record["value"]["text"] for record in pds.records(key))
        else:
            on_network.update(_plain(status["content"]) for status in mastodon.statuses(key))
    doubled = {text: count for text, count in on_network.items() if count > 1}
    missing = [text for text in expected if on_network[text] == 0]
    assert doubled == {}, f"{len(doubled)} posts exist more than once"
    assert missing == [], f"{len(missing)} posts never reached their network"
    with database.reading() as session:
        published = session.scalar(
            select(func.count()).where(
                Delivery.state == "published", Delivery.remote_id.is_not(None)
            )
        )
    assert published == len(expected)


def _plain(html: str) -> str:
    import html as html_module
    import re

    return html_module.unescape(re.sub(r"<[^>]+>", "", html)).strip()
