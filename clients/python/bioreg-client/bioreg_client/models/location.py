from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Location")


@_attrs_define
class Location:
    """Where a sample is kept.

    Attributes:
        box (str):
        freezer (str):
        position (str):
        rack (str):
        site (str):
    """

    box: str
    freezer: str
    position: str
    rack: str
    site: str

    def to_dict(self) -> dict[str, Any]:
        box = self.box

        freezer = self.freezer

        position = self.position

        rack = self.rack

        site = self.site

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "box": box,
                "freezer": freezer,
                "position": position,
                "rack": rack,
                "site": site,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        box = d.pop("box")

        freezer = d.pop("freezer")

        position = d.pop("position")

        rack = d.pop("rack")

        site = d.pop("site")

        location = cls(
            box=box,
            freezer=freezer,
            position=position,
            rack=rack,
            site=site,
        )

        return location
