from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.lineage_relation import LineageRelation
from ..types import UNSET, Unset

T = TypeVar("T", bound="ParentInput")


@_attrs_define
class ParentInput:
    """
    Attributes:
        relation (LineageRelation): How a strain was derived from a parent.
        strain (str): Strain id or accession.
        description (None | str | Unset):
    """

    relation: LineageRelation
    strain: str
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        relation = self.relation.value

        strain = self.strain

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

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
        d = dict(src_dict)
        relation = LineageRelation(d.pop("relation"))

        strain = d.pop("strain")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        parent_input = cls(
            relation=relation,
            strain=strain,
            description=description,
        )

        return parent_input
