"""The small services the drafts pages use: a post's length on each network, and whether
someone may change a draft."""

from __future__ import annotations

from sqlalchemy.orm import Session

from poise.services import drafts
from poise.services.drafts import Length, may_edit, measure
from tests.services import factories
from tests.services.cast import Cast


def test_each_network_measures_the_post_its_own_way() -> None:
    lengths = measure("日本語 👍🏽 https://example.com/a/long/path", ["x", "bluesky", "mastodon"])
    assert lengths == (
        Length("x", "X", 33, 280, "weighted"),
        Length("bluesky", "Bluesky", 37, 300, "graphemes"),
        Length("mastodon", "Mastodon", 30, 500, "characters"),
    )


def test_a_network_with_a_variant_is_measured_on_its_variant() -> None:
    (x, bluesky) = measure("A" * 290, ["x", "bluesky"], {"x": "Short"})
    assert (x.length, x.over) == (5, False)
    assert (bluesky.length, bluesky.over) == (290, False)
    assert measure("A" * 290, ["x"])[0].over


def test_networks_without_known_limits_are_left_out_once_each() -> None:
    assert [length.network for length in measure("Hi", ["myspace", "x", "x"])] == ["x"]


def test_authors_may_edit_their_drafts_and_editors_anyone_s(session: Session, cast: Cast) -> None:
    own = factories.draft(session, cast.contributor)
    theirs = factories.draft(session, cast.editor)
    assert may_edit(cast.contributor, own) and not may_edit(cast.contributor, theirs)
    assert may_edit(cast.editor, own) and may_edit(cast.admin, theirs)
    assert not may_edit(cast.viewer, own) and not may_edit(cast.approver, own)


def test_nobody_edits_a_draft_of_another_workspace(session: Session, cast: Cast) -> None:
    theirs = factories.draft(session, cast.outsider)
    assert not may_edit(cast.owner, theirs)
    assert may_edit(
        cast.outsider, drafts.get_draft(session, theirs.workspace_id, cast.outsider, theirs.id)
    )
