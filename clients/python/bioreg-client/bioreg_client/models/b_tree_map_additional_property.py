from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BTreeMapAdditionalProperty")


@_attrs_define
class BTreeMapAdditionalProperty:
    """Who asserted a field's value, when, and from what source.

    Attributes:
        asserted_at (datetime.datetime):
        asserted_by (UUID): Key of a user.
        asserted_by_name (str):
        source (None | str | Unset):
    """

    asserted_at: datetime.datetime
    asserted_by: UUID
    asserted_by_name: str
    source: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asserted_at = self.asserted_at.isoformat()

        asserted_by = str(self.asserted_by)

        asserted_by_name = self.asserted_by_name

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asserted_at": asserted_at,
                "asserted_by": asserted_by,
                "asserted_by_name": asserted_by_name,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        asserted_at = datetime.datetime.fromisoformat(d.pop("asserted_at"))

        asserted_by = UUID(d.pop("asserted_by"))

        asserted_by_name = d.pop("asserted_by_name")

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        b_tree_map_additional_property = cls(
            asserted_at=asserted_at,
            asserted_by=asserted_by,
            asserted_by_name=asserted_by_name,
            source=source,
        )

        b_tree_map_additional_property.additional_properties = d
        return b_tree_map_additional_property

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
