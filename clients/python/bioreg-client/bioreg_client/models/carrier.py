from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.carried_relation import CarriedRelation

if TYPE_CHECKING:
    from ..models.part_ref import PartRef
    from ..models.strain_ref import StrainRef


T = TypeVar("T", bound="Carrier")


@_attrs_define
class Carrier:
    """A strain that carries a part, and how: the chain of parts from what the strain carries down to
    the part asked about.

        Attributes:
            path (list[PartRef]): From the carried part (e.g. a plasmid) through composites to the part asked about.
            relation (CarriedRelation):
            strain (StrainRef): A short reference to a strain.
    """

    path: list[PartRef]
    relation: CarriedRelation
    strain: StrainRef
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = []
        for path_item_data in self.path:
            path_item = path_item_data.to_dict()
            path.append(path_item)

        relation = self.relation.value

        strain = self.strain.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "relation": relation,
                "strain": strain,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415
        from ..models.strain_ref import StrainRef  # noqa: PLC0415

        d = dict(src_dict)
        path = []
        _path = d.pop("path")
        for path_item_data in _path:
            path_item = PartRef.from_dict(path_item_data)

            path.append(path_item)

        relation = CarriedRelation(d.pop("relation"))

        strain = StrainRef.from_dict(d.pop("strain"))

        carrier = cls(
            path=path,
            relation=relation,
            strain=strain,
        )

        carrier.additional_properties = d
        return carrier

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
