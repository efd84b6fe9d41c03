from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.feature_view_qualifiers import FeatureViewQualifiers
    from ..models.so_term import SoTerm


T = TypeVar("T", bound="FeatureView")


@_attrs_define
class FeatureView:
    """A feature as shown: the stored ones, then one per component of a composite.

    Attributes:
        end (int):
        from_component (bool): True for the features derived from a composite's components.
        qualifiers (FeatureViewQualifiers):
        start (int):
        strand (int):
        type_ (SoTerm): A Sequence Ontology term: its id and its label.
        key (None | str | Unset): The INSDC feature key it was imported under.
        location (None | str | Unset): The exact INSDC location when start/end/strand do not say it all.
        name (None | str | Unset):
    """

    end: int
    from_component: bool
    qualifiers: FeatureViewQualifiers
    start: int
    strand: int
    type_: SoTerm
    key: None | str | Unset = UNSET
    location: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        from_component = self.from_component

        qualifiers = self.qualifiers.to_dict()

        start = self.start

        strand = self.strand

        type_ = self.type_.to_dict()

        key: None | str | Unset
        if isinstance(self.key, Unset):
            key = UNSET
        else:
            key = self.key

        location: None | str | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        else:
            location = self.location

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end": end,
                "from_component": from_component,
                "qualifiers": qualifiers,
                "start": start,
                "strand": strand,
                "type": type_,
            }
        )
        if key is not UNSET:
            field_dict["key"] = key
        if location is not UNSET:
            field_dict["location"] = location
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feature_view_qualifiers import FeatureViewQualifiers  # noqa: PLC0415
        from ..models.so_term import SoTerm  # noqa: PLC0415

        d = dict(src_dict)
        end = d.pop("end")

        from_component = d.pop("from_component")

        qualifiers = FeatureViewQualifiers.from_dict(d.pop("qualifiers"))

        start = d.pop("start")

        strand = d.pop("strand")

        type_ = SoTerm.from_dict(d.pop("type"))

        def _parse_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        key = _parse_key(d.pop("key", UNSET))

        def _parse_location(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        feature_view = cls(
            end=end,
            from_component=from_component,
            qualifiers=qualifiers,
            start=start,
            strand=strand,
            type_=type_,
            key=key,
            location=location,
            name=name,
        )

        feature_view.additional_properties = d
        return feature_view

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
