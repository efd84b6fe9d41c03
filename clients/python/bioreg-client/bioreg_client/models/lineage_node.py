from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LineageNode")


@_attrs_define
class LineageNode:
    """A strain in a lineage answer, with its distance from the strain asked about.

    Attributes:
        accession (str):
        id (UUID): Key of a strain.
        name (str):
        depth (int): Generations from the strain asked about (0 for itself).
    """

    accession: str
    id: UUID
    name: str
    depth: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accession = self.accession

        id = str(self.id)

        name = self.name

        depth = self.depth

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accession": accession,
                "id": id,
                "name": name,
                "depth": depth,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accession = d.pop("accession")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        depth = d.pop("depth")

        lineage_node = cls(
            accession=accession,
            id=id,
            name=name,
            depth=depth,
        )

        lineage_node.additional_properties = d
        return lineage_node

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
