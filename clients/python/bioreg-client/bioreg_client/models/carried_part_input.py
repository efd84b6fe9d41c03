from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.carried_relation import CarriedRelation
from ..types import UNSET, Unset

T = TypeVar("T", bound="CarriedPartInput")


@_attrs_define
class CarriedPartInput:
    """
    Attributes:
        part (str): Part id or accession.
        relation (CarriedRelation):
        copy_number (int | None | Unset):
        notes (None | str | Unset):
    """

    part: str
    relation: CarriedRelation
    copy_number: int | None | Unset = UNSET
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        part = self.part

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
        d = dict(src_dict)
        part = d.pop("part")

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

        carried_part_input = cls(
            part=part,
            relation=relation,
            copy_number=copy_number,
            notes=notes,
        )

        return carried_part_input
