from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.orientation import Orientation
from ..types import UNSET, Unset

T = TypeVar("T", bound="ComponentInput")


@_attrs_define
class ComponentInput:
    """One piece of a composite: a part (by id or accession) or a literal linker/scar sequence.

    Attributes:
        linker (None | str | Unset):
        name (None | str | Unset):
        orientation (None | Orientation | Unset):
        part (None | str | Unset):
    """

    linker: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    orientation: None | Orientation | Unset = UNSET
    part: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        linker: None | str | Unset
        if isinstance(self.linker, Unset):
            linker = UNSET
        else:
            linker = self.linker

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        orientation: None | str | Unset
        if isinstance(self.orientation, Unset):
            orientation = UNSET
        elif isinstance(self.orientation, Orientation):
            orientation = self.orientation.value
        else:
            orientation = self.orientation

        part: None | str | Unset
        if isinstance(self.part, Unset):
            part = UNSET
        else:
            part = self.part

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if linker is not UNSET:
            field_dict["linker"] = linker
        if name is not UNSET:
            field_dict["name"] = name
        if orientation is not UNSET:
            field_dict["orientation"] = orientation
        if part is not UNSET:
            field_dict["part"] = part

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_linker(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        linker = _parse_linker(d.pop("linker", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_orientation(data: object) -> None | Orientation | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                orientation_type_1 = Orientation(data)

                return orientation_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Orientation | Unset, data)

        orientation = _parse_orientation(d.pop("orientation", UNSET))

        def _parse_part(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        part = _parse_part(d.pop("part", UNSET))

        component_input = cls(
            linker=linker,
            name=name,
            orientation=orientation,
            part=part,
        )

        return component_input
