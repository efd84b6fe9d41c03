from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.queue_kind import QueueKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="SubmitImportRequest")


@_attrs_define
class SubmitImportRequest:
    """
    Attributes:
        comment (None | str | Unset): A note for the curators, kept in every record's review entry.
        kind (None | QueueKind | Unset):
    """

    comment: None | str | Unset = UNSET
    kind: None | QueueKind | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, QueueKind):
            kind = self.kind.value
        else:
            kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if comment is not UNSET:
            field_dict["comment"] = comment
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        def _parse_kind(data: object) -> None | QueueKind | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_1 = QueueKind(data)

                return kind_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QueueKind | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        submit_import_request = cls(
            comment=comment,
            kind=kind,
        )

        return submit_import_request
