from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.revision_view_snapshot import RevisionViewSnapshot


T = TypeVar("T", bound="RevisionView")


@_attrs_define
class RevisionView:
    """One revision with the record as it was.

    Attributes:
        actor_id (UUID): Key of a user.
        at (datetime.datetime):
        revision (int):
        snapshot (RevisionViewSnapshot):
        comment (None | str | Unset):
        request_id (None | str | Unset):
    """

    actor_id: UUID
    at: datetime.datetime
    revision: int
    snapshot: RevisionViewSnapshot
    comment: None | str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor_id = str(self.actor_id)

        at = self.at.isoformat()

        revision = self.revision

        snapshot = self.snapshot.to_dict()

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor_id": actor_id,
                "at": at,
                "revision": revision,
                "snapshot": snapshot,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.revision_view_snapshot import RevisionViewSnapshot  # noqa: PLC0415

        d = dict(src_dict)
        actor_id = UUID(d.pop("actor_id"))

        at = datetime.datetime.fromisoformat(d.pop("at"))

        revision = d.pop("revision")

        snapshot = RevisionViewSnapshot.from_dict(d.pop("snapshot"))

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        revision_view = cls(
            actor_id=actor_id,
            at=at,
            revision=revision,
            snapshot=snapshot,
            comment=comment,
            request_id=request_id,
        )

        revision_view.additional_properties = d
        return revision_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
