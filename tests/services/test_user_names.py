"""The name a person shows the team: changing it, and reading names for who-did-what pages."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from poise.services import auth
from poise.services.errors import Invalid
from poise.storage.audit import AuditLog
from tests.services.cast import Cast


def test_a_person_can_change_the_name_the_team_sees(session: Session, cast: Cast) -> None:
    renamed = auth.set_display_name(session, cast.uid(cast.editor), "  Edith   E. ")
    assert renamed.display_name == "Edith E."
    assert auth.get_user(session, cast.uid(cast.editor)).display_name == "Edith E."


def test_a_blank_name_is_refused(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="give a name"):
        auth.set_display_name(session, cast.uid(cast.editor), "   ")


def test_a_new_name_is_audited_and_the_same_name_is_not(session: Session, cast: Cast) -> None:
    user_id = cast.uid(cast.viewer)
    auth.set_display_name(session, user_id, "Vera Viewer")
    auth.set_display_name(session, user_id, "Vera V.")
    entries = AuditLog(session, None).page(50)
    renamed = [e for e in entries if e.action == "user.renamed" and e.actor_user_id == user_id]
    assert len(renamed) == 1
    assert renamed[0].details == {"from": "Vera Viewer", "to": "Vera V."}


def test_names_are_read_by_id_and_unknown_ids_are_left_out(session: Session, cast: Cast) -> None:
    names = auth.display_names(session, [cast.uid(cast.owner), cast.uid(cast.admin), 999_999, None])
    assert names == {cast.uid(cast.owner): "Olivia Owner", cast.uid(cast.admin): "Adam Admin"}
