from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event_view_details import AuditEventViewDetails


T = TypeVar("T", bound="AuditEventView")


@_attrs_define
class AuditEventView:
    """An audit event as shown.

    Attributes:
        action (str):
        at (datetime.datetime):
        details (AuditEventViewDetails):
        id (UUID): Key of an audit event.
        actor_id (None | Unset | UUID):
        actor_name (None | str | Unset):
        record_accession (None | str | Unset):
        record_id (None | str | Unset):
        record_kind (None | str | Unset):
        request_id (None | str | Unset):
    """

    action: str
    at: datetime.datetime
    details: AuditEventViewDetails
    id: UUID
    actor_id: None | Unset | UUID = UNSET
    actor_name: None | str | Unset = UNSET
    record_accession: None | str | Unset = UNSET
    record_id: None | str | Unset = UNSET
    record_kind: None | str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        at = self.at.isoformat()

        details = self.details.to_dict()

        id = str(self.id)

        actor_id: None | str | Unset
        if isinstance(self.actor_id, Unset):
            actor_id = UNSET
        elif isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        actor_name: None | str | Unset
        if isinstance(self.actor_name, Unset):
            actor_name = UNSET
        else:
            actor_name = self.actor_name

        record_accession: None | str | Unset
        if isinstance(self.record_accession, Unset):
            record_accession = UNSET
        else:
            record_accession = self.record_accession

        record_id: None | str | Unset
        if isinstance(self.record_id, Unset):
            record_id = UNSET
        else:
            record_id = self.record_id

        record_kind: None | str | Unset
        if isinstance(self.record_kind, Unset):
            record_kind = UNSET
        else:
            record_kind = self.record_kind

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "at": at,
                "details": details,
                "id": id,
            }
        )
        if actor_id is not UNSET:
            field_dict["actor_id"] = actor_id
        if actor_name is not UNSET:
            field_dict["actor_name"] = actor_name
        if record_accession is not UNSET:
            field_dict["record_accession"] = record_accession
        if record_id is not UNSET:
            field_dict["record_id"] = record_id
        if record_kind is not UNSET:
            field_dict["record_kind"] = record_kind
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_view_details import AuditEventViewDetails  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        details = AuditEventViewDetails.from_dict(d.pop("details"))

        id = UUID(d.pop("id"))

        def _parse_actor_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_id_type_1 = UUID(data)

                return actor_id_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        actor_id = _parse_actor_id(d.pop("actor_id", UNSET))

        def _parse_actor_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_name = _parse_actor_name(d.pop("actor_name", UNSET))

        def _parse_record_accession(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        record_accession = _parse_record_accession(d.pop("record_accession", UNSET))

        def _parse_record_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        record_id = _parse_record_id(d.pop("record_id", UNSET))

        def _parse_record_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        record_kind = _parse_record_kind(d.pop("record_kind", UNSET))

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        audit_event_view = cls(
            action=action,
            at=at,
            details=details,
            id=id,
            actor_id=actor_id,
            actor_name=actor_name,
            record_accession=record_accession,
            record_id=record_id,
            record_kind=record_kind,
            request_id=request_id,
        )

        audit_event_view.additional_properties = d
        return audit_event_view

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
