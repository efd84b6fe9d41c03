from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location import Location
    from ..models.user_ref import UserRef


T = TypeVar("T", bound="SampleView")


@_attrs_define
class SampleView:
    """A physical stock of a strain.

    Attributes:
        created_at (datetime.datetime):
        created_by (UserRef):
        id (UUID): Key of a physical sample of a strain.
        location (Location): Where a sample is kept.
        preservation_method (str):
        strain_id (UUID): Key of a strain.
        notes (None | str | Unset):
        prepared_at (datetime.datetime | None | Unset):
        prepared_by (None | str | Unset):
        quantity (None | str | Unset):
        removed_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    created_by: UserRef
    id: UUID
    location: Location
    preservation_method: str
    strain_id: UUID
    notes: None | str | Unset = UNSET
    prepared_at: datetime.datetime | None | Unset = UNSET
    prepared_by: None | str | Unset = UNSET
    quantity: None | str | Unset = UNSET
    removed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        created_by = self.created_by.to_dict()

        id = str(self.id)

        location = self.location.to_dict()

        preservation_method = self.preservation_method

        strain_id = str(self.strain_id)

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

        removed_at: None | str | Unset
        if isinstance(self.removed_at, Unset):
            removed_at = UNSET
        elif isinstance(self.removed_at, datetime.datetime):
            removed_at = self.removed_at.isoformat()
        else:
            removed_at = self.removed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "created_by": created_by,
                "id": id,
                "location": location,
                "preservation_method": preservation_method,
                "strain_id": strain_id,
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
        if removed_at is not UNSET:
            field_dict["removed_at"] = removed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location import Location  # noqa: PLC0415
        from ..models.user_ref import UserRef  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = UserRef.from_dict(d.pop("created_by"))

        id = UUID(d.pop("id"))

        location = Location.from_dict(d.pop("location"))

        preservation_method = d.pop("preservation_method")

        strain_id = UUID(d.pop("strain_id"))

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

        def _parse_removed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                removed_at_type_0 = datetime.datetime.fromisoformat(data)

                return removed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        removed_at = _parse_removed_at(d.pop("removed_at", UNSET))

        sample_view = cls(
            created_at=created_at,
            created_by=created_by,
            id=id,
            location=location,
            preservation_method=preservation_method,
            strain_id=strain_id,
            notes=notes,
            prepared_at=prepared_at,
            prepared_by=prepared_by,
            quantity=quantity,
            removed_at=removed_at,
        )

        sample_view.additional_properties = d
        return sample_view

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
