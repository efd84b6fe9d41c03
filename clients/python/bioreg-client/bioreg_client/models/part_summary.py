from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.curation_state import CurationState
from ..models.molecule_type import MoleculeType
from ..models.record_status import RecordStatus
from ..models.topology import Topology
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.organization_ref import OrganizationRef
    from ..models.so_term import SoTerm


T = TypeVar("T", bound="PartSummary")


@_attrs_define
class PartSummary:
    """A part as a list shows it: what tells records apart and finds them again. `include=record`
    gives the whole record instead (as `GET /api/v1/parts/{id}`), `include=sequence` adds the
    sequence. Every field has the name and meaning it has in the record.

        Attributes:
            accession (str):
            created_at (datetime.datetime):
            curation_state (CurationState):
            id (UUID): Key of a part.
            length (int):
            molecule_type (MoleculeType): What a sequence is made of.
            name (str):
            owner_org (OrganizationRef):
            revision (int):
            role (SoTerm): A Sequence Ontology term: its id and its label.
            status (RecordStatus):
            tags (list[str]):
            topology (Topology): Whether the molecule's ends are joined.
            updated_at (datetime.datetime):
            pending_revision (bool | None | Unset): Present (true) when this is the published revision and a newer one
                awaits review.
            published_revision (int | None | Unset):
            sequence (None | str | Unset): Upper-case residues; only with `include=sequence`.
    """

    accession: str
    created_at: datetime.datetime
    curation_state: CurationState
    id: UUID
    length: int
    molecule_type: MoleculeType
    name: str
    owner_org: OrganizationRef
    revision: int
    role: SoTerm
    status: RecordStatus
    tags: list[str]
    topology: Topology
    updated_at: datetime.datetime
    pending_revision: bool | None | Unset = UNSET
    published_revision: int | None | Unset = UNSET
    sequence: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accession = self.accession

        created_at = self.created_at.isoformat()

        curation_state = self.curation_state.value

        id = str(self.id)

        length = self.length

        molecule_type = self.molecule_type.value

        name = self.name

        owner_org = self.owner_org.to_dict()

        revision = self.revision

        role = self.role.to_dict()

        status = self.status.value

        tags = self.tags

        topology = self.topology.value

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

        sequence: None | str | Unset
        if isinstance(self.sequence, Unset):
            sequence = UNSET
        else:
            sequence = self.sequence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accession": accession,
                "created_at": created_at,
                "curation_state": curation_state,
                "id": id,
                "length": length,
                "molecule_type": molecule_type,
                "name": name,
                "owner_org": owner_org,
                "revision": revision,
                "role": role,
                "status": status,
                "tags": tags,
                "topology": topology,
                "updated_at": updated_at,
            }
        )
        if pending_revision is not UNSET:
            field_dict["pending_revision"] = pending_revision
        if published_revision is not UNSET:
            field_dict["published_revision"] = published_revision
        if sequence is not UNSET:
            field_dict["sequence"] = sequence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415
        from ..models.so_term import SoTerm  # noqa: PLC0415

        d = dict(src_dict)
        accession = d.pop("accession")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        curation_state = CurationState(d.pop("curation_state"))

        id = UUID(d.pop("id"))

        length = d.pop("length")

        molecule_type = MoleculeType(d.pop("molecule_type"))

        name = d.pop("name")

        owner_org = OrganizationRef.from_dict(d.pop("owner_org"))

        revision = d.pop("revision")

        role = SoTerm.from_dict(d.pop("role"))

        status = RecordStatus(d.pop("status"))

        tags = cast(list[str], d.pop("tags"))

        topology = Topology(d.pop("topology"))

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

        def _parse_sequence(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sequence = _parse_sequence(d.pop("sequence", UNSET))

        part_summary = cls(
            accession=accession,
            created_at=created_at,
            curation_state=curation_state,
            id=id,
            length=length,
            molecule_type=molecule_type,
            name=name,
            owner_org=owner_org,
            revision=revision,
            role=role,
            status=status,
            tags=tags,
            topology=topology,
            updated_at=updated_at,
            pending_revision=pending_revision,
            published_revision=published_revision,
            sequence=sequence,
        )

        part_summary.additional_properties = d
        return part_summary

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
