from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location import Location


T = TypeVar("T", bound="SampleInput")


@_attrs_define
class SampleInput:
    """Input for a new sample.

    Attributes:
        location (Location): Where a sample is kept.
        preservation_method (str): e.g. `glycerol -80 °C`, `lyophilised`, `liquid nitrogen`.
        notes (None | str | Unset):
        prepared_at (datetime.datetime | None | Unset):
        prepared_by (None | str | Unset):
        quantity (None | str | Unset):
    """

    location: Location
    preservation_method: str
    notes: None | str | Unset = UNSET
    prepared_at: datetime.datetime | None | Unset = UNSET
    prepared_by: None | str | Unset = UNSET
    quantity: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        location = self.location.to_dict()

        preservation_method = self.preservation_method

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        prepared_at: None | str | Unset
        if isinstance(self.prepared_at, Unset):
            prepared_at = UNSET
        elif isinstance(self.prepared_at, datetime.datetime):
            prepared_at = self.prepared_at.isoformat()
        else:
            prepared_at = self.prepared_at

        prepared_by: None | str | Unset
        if isinstance(self.prepared_by, Unset):
            prepared_by = UNSET
        else:
            prepared_by = self.prepared_by

        quantity: None | str | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "location": location,
                "preservation_method": preservation_method,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes
        if prepared_at is not UNSET:
            field_dict["prepared_at"] = prepared_at
        if prepared_by is not UNSET:
            field_dict["prepared_by"] = prepared_by
        if quantity is not UNSET:
            field_dict["quantity"] = quantity

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location import Location  # noqa: PLC0415

        d = dict(src_dict)
        location = Location.from_dict(d.pop("location"))

        preservation_method = d.pop("preservation_method")

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_prepared_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                prepared_at_type_0 = datetime.datetime.fromisoformat(data)

                return prepared_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        prepared_at = _parse_prepared_at(d.pop("prepared_at", UNSET))

        def _parse_prepared_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prepared_by = _parse_prepared_by(d.pop("prepared_by", UNSET))

        def _parse_quantity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        sample_input = cls(
            location=location,
            preservation_method=preservation_method,
            notes=notes,
            prepared_at=prepared_at,
            prepared_by=prepared_by,
            quantity=quantity,
        )

        return sample_input
