from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.queue_kind import QueueKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchRecord")


@_attrs_define
class BatchRecord:
    """One record named in a batch.

    Attributes:
        id (str): Id or accession.
        kind (None | QueueKind | Unset):
    """

    id: str
    kind: None | QueueKind | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, QueueKind):
            kind = self.kind.value
        else:
            kind = self.kind

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

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

        batch_record = cls(
            id=id,
            kind=kind,
        )

        return batch_record
