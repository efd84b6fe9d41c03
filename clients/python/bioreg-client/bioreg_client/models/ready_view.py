from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.index_readiness import IndexReadiness


T = TypeVar("T", bound="ReadyView")


@_attrs_define
class ReadyView:
    """
    Attributes:
        database (str): `sqlite` or `postgres`.
        sequence_index (IndexReadiness): This instance's sequence index.
        status (str): `ready` when the database answers and the sequence index is loaded.
    """

    database: str
    sequence_index: IndexReadiness
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        database = self.database

        sequence_index = self.sequence_index.to_dict()

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "database": database,
                "sequence_index": sequence_index,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.index_readiness import IndexReadiness  # noqa: PLC0415

        d = dict(src_dict)
        database = d.pop("database")

        sequence_index = IndexReadiness.from_dict(d.pop("sequence_index"))

        status = d.pop("status")

        ready_view = cls(
            database=database,
            sequence_index=sequence_index,
            status=status,
        )

        ready_view.additional_properties = d
        return ready_view

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
