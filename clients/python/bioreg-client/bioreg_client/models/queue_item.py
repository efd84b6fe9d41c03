from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.organization_ref import OrganizationRef


T = TypeVar("T", bound="QueueItem")


@_attrs_define
class QueueItem:
    """A record in the review queue.

    Attributes:
        accession (str):
        id (str):
        kind (str):
        name (str):
        owner_org (OrganizationRef):
        owner_org_id (UUID): Key of an organisation.
        revision (int):
        submitted_at (datetime.datetime):
    """

    accession: str
    id: str
    kind: str
    name: str
    owner_org: OrganizationRef
    owner_org_id: UUID
    revision: int
    submitted_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accession = self.accession

        id = self.id

        kind = self.kind

        name = self.name

        owner_org = self.owner_org.to_dict()

        owner_org_id = str(self.owner_org_id)

        revision = self.revision

        submitted_at = self.submitted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accession": accession,
                "id": id,
                "kind": kind,
                "name": name,
                "owner_org": owner_org,
                "owner_org_id": owner_org_id,
                "revision": revision,
                "submitted_at": submitted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415

        d = dict(src_dict)
        accession = d.pop("accession")

        id = d.pop("id")

        kind = d.pop("kind")

        name = d.pop("name")

        owner_org = OrganizationRef.from_dict(d.pop("owner_org"))

        owner_org_id = UUID(d.pop("owner_org_id"))

        revision = d.pop("revision")

        submitted_at = datetime.datetime.fromisoformat(d.pop("submitted_at"))

        queue_item = cls(
            accession=accession,
            id=id,
            kind=kind,
            name=name,
            owner_org=owner_org,
            owner_org_id=owner_org_id,
            revision=revision,
            submitted_at=submitted_at,
        )

        queue_item.additional_properties = d
        return queue_item

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
