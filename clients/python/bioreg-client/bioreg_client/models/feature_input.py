from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.feature_input_qualifiers import FeatureInputQualifiers


T = TypeVar("T", bound="FeatureInput")


@_attrs_define
class FeatureInput:
    """A feature: 1-based inclusive coordinates as in GenBank. On a circular part `start > end` means
    the feature crosses the origin.

        Attributes:
            end (int):
            start (int):
            type_ (str): Sequence Ontology id or label.
            key (None | str | Unset): The INSDC feature key, e.g. `misc_feature`, `rep_origin`, `source`; kept for GenBank
                export (the `type` is the Sequence Ontology term it maps to).
            location (None | str | Unset): The exact INSDC location, e.g. `join(complement(<1..200),300..>400)`, for what
                start/end/strand cannot say (joins, orders, fuzzy ends); `start`, `end` and `strand` must
                then be its bounds.
            name (None | str | Unset):
            qualifiers (FeatureInputQualifiers | Unset):
            strand (int | Unset): +1 forward, -1 reverse, 0 none.
    """

    end: int
    start: int
    type_: str
    key: None | str | Unset = UNSET
    location: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    qualifiers: FeatureInputQualifiers | Unset = UNSET
    strand: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        start = self.start

        type_ = self.type_

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

        qualifiers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.qualifiers, Unset):
            qualifiers = self.qualifiers.to_dict()

        strand = self.strand

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end": end,
                "start": start,
                "type": type_,
            }
        )
        if key is not UNSET:
            field_dict["key"] = key
        if location is not UNSET:
            field_dict["location"] = location
        if name is not UNSET:
            field_dict["name"] = name
        if qualifiers is not UNSET:
            field_dict["qualifiers"] = qualifiers
        if strand is not UNSET:
            field_dict["strand"] = strand

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feature_input_qualifiers import FeatureInputQualifiers  # noqa: PLC0415

        d = dict(src_dict)
        end = d.pop("end")

        start = d.pop("start")

        type_ = d.pop("type")

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

        _qualifiers = d.pop("qualifiers", UNSET)
        qualifiers: FeatureInputQualifiers | Unset
        if isinstance(_qualifiers, Unset):
            qualifiers = UNSET
        else:
            qualifiers = FeatureInputQualifiers.from_dict(_qualifiers)

        strand = d.pop("strand", UNSET)

        feature_input = cls(
            end=end,
            start=start,
            type_=type_,
            key=key,
            location=location,
            name=name,
            qualifiers=qualifiers,
            strand=strand,
        )

        return feature_input
