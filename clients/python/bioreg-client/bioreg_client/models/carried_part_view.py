from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.carried_relation import CarriedRelation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="CarriedPartView")


@_attrs_define
class CarriedPartView:
    """
    Attributes:
        part (PartRef): A short reference to a part.
        relation (CarriedRelation):
        copy_number (int | None | Unset):
        notes (None | str | Unset):
    """

    part: PartRef
    relation: CarriedRelation
    copy_number: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        part = self.part.to_dict()

        relation = self.relation.value

        copy_number: int | None | Unset
        if isinstance(self.copy_number, Unset):
            copy_number = UNSET
        else:
            copy_number = self.copy_number

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "part": part,
                "relation": relation,
            }
        )
        if copy_number is not UNSET:
            field_dict["copy_number"] = copy_number
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        part = PartRef.from_dict(d.pop("part"))

        relation = CarriedRelation(d.pop("relation"))

        def _parse_copy_number(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        copy_number = _parse_copy_number(d.pop("copy_number", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        carried_part_view = cls(
            part=part,
            relation=relation,
            copy_number=copy_number,
            notes=notes,
        )

        carried_part_view.additional_properties = d
        return carried_part_view

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
