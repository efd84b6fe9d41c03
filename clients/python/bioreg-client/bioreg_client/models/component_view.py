from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.orientation import Orientation
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="ComponentView")


@_attrs_define
class ComponentView:
    """A piece of a composite and where it sits in the assembly (1-based, inclusive).

    Attributes:
        end (int):
        orientation (Orientation):
        position (int):
        start (int):
        linker (None | str | Unset): The literal sequence, when the piece is a linker or scar.
        name (None | str | Unset):
        part (None | PartRef | Unset):
    """

    end: int
    orientation: Orientation
    position: int
    start: int
    linker: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    part: None | PartRef | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        end = self.end

        orientation = self.orientation.value

        position = self.position

        start = self.start

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

        part: dict[str, Any] | None | Unset
        if isinstance(self.part, Unset):
            part = UNSET
        elif isinstance(self.part, PartRef):
            part = self.part.to_dict()
        else:
            part = self.part

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "orientation": orientation,
                "position": position,
                "start": start,
            }
        )
        if linker is not UNSET:
            field_dict["linker"] = linker
        if name is not UNSET:
            field_dict["name"] = name
        if part is not UNSET:
            field_dict["part"] = part

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        end = d.pop("end")

        orientation = Orientation(d.pop("orientation"))

        position = d.pop("position")

        start = d.pop("start")

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

        def _parse_part(data: object) -> None | PartRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                part_type_1 = PartRef.from_dict(data)

                return part_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PartRef | Unset, data)

        part = _parse_part(d.pop("part", UNSET))

        component_view = cls(
            end=end,
            orientation=orientation,
            position=position,
            start=start,
            linker=linker,
            name=name,
            part=part,
        )

        component_view.additional_properties = d
        return component_view

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
