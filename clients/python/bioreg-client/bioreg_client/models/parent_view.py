from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lineage_relation import LineageRelation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.strain_ref import StrainRef


T = TypeVar("T", bound="ParentView")


@_attrs_define
class ParentView:
    """
    Attributes:
        relation (LineageRelation): How a strain was derived from a parent.
        strain (StrainRef): A short reference to a strain.
        description (None | str | Unset):
    """

    relation: LineageRelation
    strain: StrainRef
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        relation = self.relation.value

        strain = self.strain.to_dict()

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "relation": relation,
                "strain": strain,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.strain_ref import StrainRef  # noqa: PLC0415

        d = dict(src_dict)
        relation = LineageRelation(d.pop("relation"))

        strain = StrainRef.from_dict(d.pop("strain"))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        parent_view = cls(
            relation=relation,
            strain=strain,
            description=description,
        )

        parent_view.additional_properties = d
        return parent_view

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
