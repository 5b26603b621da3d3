"""The base of every repository of workspace data: bound to one workspace, it cannot forget to
filter by it."""

from __future__ import annotations

from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Result, Select, select
from sqlalchemy.orm import Session

Row = TypeVar("Row")


class Scoped:
    """A repository for one workspace's rows. Every query goes through ``_select`` or
    ``_get``, which add ``workspace_id = <this workspace>``."""

    def __init__(self, session: Session, workspace_id: int) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def _select(self, model: type[Row]) -> Select[Row]:
        column: Any = model.workspace_id  # type: ignore[attr-defined]
        return select(model).where(column == self.workspace_id)

    def _get(self, model: type[Row], row_id: int) -> Row | None:
        key: Any = model.id  # type: ignore[attr-defined]
        return self.session.scalars(self._select(model).where(key == row_id)).one_or_none()

    def _add(self, row: Row) -> Row:
        if row.workspace_id != self.workspace_id:  # type: ignore[attr-defined]
            raise ValueError("a row added through a repository belongs to its workspace")
        self.session.add(row)
        self.session.flush()
        return row


def affected(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched."""
    return cast(CursorResult[Any], result).rowcount
