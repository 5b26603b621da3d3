"""Counting the voice posts, for the settings page."""

from __future__ import annotations

from sqlalchemy.orm import Session

from poise.services import voice
from tests.services import factories
from tests.services.cast import Cast


def test_every_member_can_count_the_voice_posts_of_the_workspace_and_of_an_account(
    session: Session, cast: Cast
) -> None:
    account_id = factories.account(session, cast.admin)
    voice.import_text(session, cast.workspace_id, cast.editor, "One\nTwo")
    voice.import_text(session, cast.workspace_id, cast.editor, "Three", account_id)
    assert voice.count_posts(session, cast.workspace_id, cast.viewer) == 3
    assert voice.count_posts(session, cast.workspace_id, cast.viewer, account_id) == 1
