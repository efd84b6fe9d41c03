from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.curation_state import CurationState
from ..models.organism_type import OrganismType
from ..models.record_status import RecordStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.collection_number_view import CollectionNumberView
    from ..models.organization_ref import OrganizationRef
    from ..models.taxon import Taxon


T = TypeVar("T", bound="StrainSummary")


@_attrs_define
class StrainSummary:
    """A strain as a list shows it: what tells strains apart and finds them again (names, collection
    numbers, taxon, risk group). `include=record` gives the whole record instead (as
    `GET /api/v1/strains/{id}`). Every field has the name and meaning it has in the record.

        Attributes:
            accession (str):
            created_at (datetime.datetime):
            curation_state (CurationState):
            id (UUID): Key of a strain.
            name (str):
            organism_type (OrganismType):
            other_collection_numbers (list[CollectionNumberView]):
            owner_org (OrganizationRef):
            revision (int):
            risk_group (int):
            sample_count (int):
            status (RecordStatus):
            tags (list[str]):
            taxon (Taxon):
            updated_at (datetime.datetime):
            pending_revision (bool | None | Unset): Present (true) when this is the published revision and a newer one
                awaits review.
            published_revision (int | None | Unset):
    """

    accession: str
    created_at: datetime.datetime
    curation_state: CurationState
    id: UUID
    name: str
    organism_type: OrganismType
    other_collection_numbers: list[CollectionNumberView]
    owner_org: OrganizationRef
    revision: int
    risk_group: int
    sample_count: int
    status: RecordStatus
    tags: list[str]
    taxon: Taxon
    updated_at: datetime.datetime
    pending_revision: bool | None | Unset = UNSET
    published_revision: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accession = self.accession

        created_at = self.created_at.isoformat()

        curation_state = self.curation_state.value

        id = str(self.id)

        name = self.name

        organism_type = self.organism_type.value

        other_collection_numbers = []
        for other_collection_numbers_item_data in self.other_collection_numbers:
            other_collection_numbers_item = other_collection_numbers_item_data.to_dict()
            other_collection_numbers.append(other_collection_numbers_item)

        owner_org = self.owner_org.to_dict()

        revision = self.revision

        risk_group = self.risk_group

        sample_count = self.sample_count

        status = self.status.value

        tags = self.tags

        taxon = self.taxon.to_dict()

        updated_at = self.updated_at.isoformat()

        pending_revision: bool | None | Unset
        if isinstance(self.pending_revision, Unset):
            pending_revision = UNSET
        else:
            pending_revision = self.pending_revision

        published_revision: int | None | Unset
        if isinstance(self.published_revision, Unset):
            published_revision = UNSET
        else:
            published_revision = self.published_revision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accession": accession,
                "created_at": created_at,
                "curation_state": curation_state,
                "id": id,
                "name": name,
                "organism_type": organism_type,
                "other_collection_numbers": other_collection_numbers,
                "owner_org": owner_org,
                "revision": revision,
                "risk_group": risk_group,
                "sample_count": sample_count,
                "status": status,
                "tags": tags,
                "taxon": taxon,
                "updated_at": updated_at,
            }
        )
        if pending_revision is not UNSET:
            field_dict["pending_revision"] = pending_revision
        if published_revision is not UNSET:
            field_dict["published_revision"] = published_revision

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.collection_number_view import CollectionNumberView  # noqa: PLC0415
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415
        from ..models.taxon import Taxon  # noqa: PLC0415

        d = dict(src_dict)
        accession = d.pop("accession")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        curation_state = CurationState(d.pop("curation_state"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        organism_type = OrganismType(d.pop("organism_type"))

        other_collection_numbers = []
        _other_collection_numbers = d.pop("other_collection_numbers")
        for other_collection_numbers_item_data in _other_collection_numbers:
            other_collection_numbers_item = CollectionNumberView.from_dict(other_collection_numbers_item_data)

            other_collection_numbers.append(other_collection_numbers_item)

        owner_org = OrganizationRef.from_dict(d.pop("owner_org"))

        revision = d.pop("revision")

        risk_group = d.pop("risk_group")

        sample_count = d.pop("sample_count")

        status = RecordStatus(d.pop("status"))

        tags = cast(list[str], d.pop("tags"))

        taxon = Taxon.from_dict(d.pop("taxon"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_pending_revision(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        pending_revision = _parse_pending_revision(d.pop("pending_revision", UNSET))

        def _parse_published_revision(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        published_revision = _parse_published_revision(d.pop("published_revision", UNSET))

        strain_summary = cls(
            accession=accession,
            created_at=created_at,
            curation_state=curation_state,
            id=id,
            name=name,
            organism_type=organism_type,
            other_collection_numbers=other_collection_numbers,
            owner_org=owner_org,
            revision=revision,
            risk_group=risk_group,
            sample_count=sample_count,
            status=status,
            tags=tags,
            taxon=taxon,
            updated_at=updated_at,
            pending_revision=pending_revision,
            published_revision=published_revision,
        )

        strain_summary.additional_properties = d
        return strain_summary

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
