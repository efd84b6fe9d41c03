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
    from ..models.b_tree_map import BTreeMap
    from ..models.component_view import ComponentView
    from ..models.feature_view import FeatureView
    from ..models.genbank_header import GenbankHeader
    from ..models.host import Host
    from ..models.organization_ref import OrganizationRef
    from ..models.part_ref import PartRef
    from ..models.reference import Reference
    from ..models.so_term import SoTerm
    from ..models.source import Source
    from ..models.user_ref import UserRef


T = TypeVar("T", bound="PartView")


@_attrs_define
class PartView:
    """A part record.

    Attributes:
        accession (str): Server-assigned, unique, immutable: `<prefix><serial>`, e.g. `BRP000042`.
        aliases (list[str]):
        components (list[ComponentView]):
        created_at (datetime.datetime):
        created_by (UserRef):
        curation_state (CurationState):
        derived_from (list[PartRef]):
        description (str):
        features (list[FeatureView]):
        hosts (list[Host]):
        id (UUID): Key of a part.
        length (int):
        molecule_type (MoleculeType): What a sequence is made of.
        name (str):
        owner_org (OrganizationRef):
        provenance (BTreeMap):
        references (list[Reference]):
        revision (int):
        role (SoTerm): A Sequence Ontology term: its id and its label.
        seqhash (str): SEGUID v2 checksum: the same for both strands and, if circular, every rotation.
        status (RecordStatus):
        tags (list[str]):
        topology (Topology): Whether the molecule's ends are joined.
        twins (list[PartRef]): Live parts with the same canonical sequence: at most the first 20 (`EMBEDDED_TWINS`),
            oldest first (the start of `GET /api/v1/parts/{id}/twins`, which pages through them all).
        twins_truncated (bool): True when the part has more twins than `twins` lists; page through
            `GET /api/v1/parts/{id}/twins` for the rest.
        updated_at (datetime.datetime):
        updated_by (UserRef):
        duplicate_reason (None | str | Unset): Why this part was registered although a twin existed.
        gc_content (float | None | Unset): (G+C+S) / bases of known GC status; absent for proteins.
        genbank (GenbankHeader | None | Unset):
        license_ (None | str | Unset):
        published_revision (int | None | Unset): The revision readers see; absent until a curator first approves the
            record.
        sequence (None | str | Unset): Upper-case residues; in lists only with `include=sequence`.
        source (None | Source | Unset):
        withdrawal_reason (None | str | Unset):
        withdrawn_at (datetime.datetime | None | Unset):
    """

    accession: str
    aliases: list[str]
    components: list[ComponentView]
    created_at: datetime.datetime
    created_by: UserRef
    curation_state: CurationState
    derived_from: list[PartRef]
    description: str
    features: list[FeatureView]
    hosts: list[Host]
    id: UUID
    length: int
    molecule_type: MoleculeType
    name: str
    owner_org: OrganizationRef
    provenance: BTreeMap
    references: list[Reference]
    revision: int
    role: SoTerm
    seqhash: str
    status: RecordStatus
    tags: list[str]
    topology: Topology
    twins: list[PartRef]
    twins_truncated: bool
    updated_at: datetime.datetime
    updated_by: UserRef
    duplicate_reason: None | str | Unset = UNSET
    gc_content: float | None | Unset = UNSET
    genbank: GenbankHeader | None | Unset = UNSET
    license_: None | str | Unset = UNSET
    published_revision: int | None | Unset = UNSET
    sequence: None | str | Unset = UNSET
    source: None | Source | Unset = UNSET
    withdrawal_reason: None | str | Unset = UNSET
    withdrawn_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.genbank_header import GenbankHeader  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415

        accession = self.accession

        aliases = self.aliases

        components = []
        for components_item_data in self.components:
            components_item = components_item_data.to_dict()
            components.append(components_item)

        created_at = self.created_at.isoformat()

        created_by = self.created_by.to_dict()

        curation_state = self.curation_state.value

        derived_from = []
        for derived_from_item_data in self.derived_from:
            derived_from_item = derived_from_item_data.to_dict()
            derived_from.append(derived_from_item)

        description = self.description

        features = []
        for features_item_data in self.features:
            features_item = features_item_data.to_dict()
            features.append(features_item)

        hosts = []
        for hosts_item_data in self.hosts:
            hosts_item = hosts_item_data.to_dict()
            hosts.append(hosts_item)

        id = str(self.id)

        length = self.length

        molecule_type = self.molecule_type.value

        name = self.name

        owner_org = self.owner_org.to_dict()

        provenance = self.provenance.to_dict()

        references = []
        for references_item_data in self.references:
            references_item = references_item_data.to_dict()
            references.append(references_item)

        revision = self.revision

        role = self.role.to_dict()

        seqhash = self.seqhash

        status = self.status.value

        tags = self.tags

        topology = self.topology.value

        twins = []
        for twins_item_data in self.twins:
            twins_item = twins_item_data.to_dict()
            twins.append(twins_item)

        twins_truncated = self.twins_truncated

        updated_at = self.updated_at.isoformat()

        updated_by = self.updated_by.to_dict()

        duplicate_reason: None | str | Unset
        if isinstance(self.duplicate_reason, Unset):
            duplicate_reason = UNSET
        else:
            duplicate_reason = self.duplicate_reason

        gc_content: float | None | Unset
        if isinstance(self.gc_content, Unset):
            gc_content = UNSET
        else:
            gc_content = self.gc_content

        genbank: dict[str, Any] | None | Unset
        if isinstance(self.genbank, Unset):
            genbank = UNSET
        elif isinstance(self.genbank, GenbankHeader):
            genbank = self.genbank.to_dict()
        else:
            genbank = self.genbank

        license_: None | str | Unset
        if isinstance(self.license_, Unset):
            license_ = UNSET
        else:
            license_ = self.license_

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

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, Source):
            source = self.source.to_dict()
        else:
            source = self.source

        withdrawal_reason: None | str | Unset
        if isinstance(self.withdrawal_reason, Unset):
            withdrawal_reason = UNSET
        else:
            withdrawal_reason = self.withdrawal_reason

        withdrawn_at: None | str | Unset
        if isinstance(self.withdrawn_at, Unset):
            withdrawn_at = UNSET
        elif isinstance(self.withdrawn_at, datetime.datetime):
            withdrawn_at = self.withdrawn_at.isoformat()
        else:
            withdrawn_at = self.withdrawn_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accession": accession,
                "aliases": aliases,
                "components": components,
                "created_at": created_at,
                "created_by": created_by,
                "curation_state": curation_state,
                "derived_from": derived_from,
                "description": description,
                "features": features,
                "hosts": hosts,
                "id": id,
                "length": length,
                "molecule_type": molecule_type,
                "name": name,
                "owner_org": owner_org,
                "provenance": provenance,
                "references": references,
                "revision": revision,
                "role": role,
                "seqhash": seqhash,
                "status": status,
                "tags": tags,
                "topology": topology,
                "twins": twins,
                "twins_truncated": twins_truncated,
                "updated_at": updated_at,
                "updated_by": updated_by,
            }
        )
        if duplicate_reason is not UNSET:
            field_dict["duplicate_reason"] = duplicate_reason
        if gc_content is not UNSET:
            field_dict["gc_content"] = gc_content
        if genbank is not UNSET:
            field_dict["genbank"] = genbank
        if license_ is not UNSET:
            field_dict["license"] = license_
        if published_revision is not UNSET:
            field_dict["published_revision"] = published_revision
        if sequence is not UNSET:
            field_dict["sequence"] = sequence
        if source is not UNSET:
            field_dict["source"] = source
        if withdrawal_reason is not UNSET:
            field_dict["withdrawal_reason"] = withdrawal_reason
        if withdrawn_at is not UNSET:
            field_dict["withdrawn_at"] = withdrawn_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.b_tree_map import BTreeMap  # noqa: PLC0415
        from ..models.component_view import ComponentView  # noqa: PLC0415
        from ..models.feature_view import FeatureView  # noqa: PLC0415
        from ..models.genbank_header import GenbankHeader  # noqa: PLC0415
        from ..models.host import Host  # noqa: PLC0415
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415
        from ..models.part_ref import PartRef  # noqa: PLC0415
        from ..models.reference import Reference  # noqa: PLC0415
        from ..models.so_term import SoTerm  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415
        from ..models.user_ref import UserRef  # noqa: PLC0415

        d = dict(src_dict)
        accession = d.pop("accession")

        aliases = cast(list[str], d.pop("aliases"))

        components = []
        _components = d.pop("components")
        for components_item_data in _components:
            components_item = ComponentView.from_dict(components_item_data)

            components.append(components_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = UserRef.from_dict(d.pop("created_by"))

        curation_state = CurationState(d.pop("curation_state"))

        derived_from = []
        _derived_from = d.pop("derived_from")
        for derived_from_item_data in _derived_from:
            derived_from_item = PartRef.from_dict(derived_from_item_data)

            derived_from.append(derived_from_item)

        description = d.pop("description")

        features = []
        _features = d.pop("features")
        for features_item_data in _features:
            features_item = FeatureView.from_dict(features_item_data)

            features.append(features_item)

        hosts = []
        _hosts = d.pop("hosts")
        for hosts_item_data in _hosts:
            hosts_item = Host.from_dict(hosts_item_data)

            hosts.append(hosts_item)

        id = UUID(d.pop("id"))

        length = d.pop("length")

        molecule_type = MoleculeType(d.pop("molecule_type"))

        name = d.pop("name")

        owner_org = OrganizationRef.from_dict(d.pop("owner_org"))

        provenance = BTreeMap.from_dict(d.pop("provenance"))

        references = []
        _references = d.pop("references")
        for references_item_data in _references:
            references_item = Reference.from_dict(references_item_data)

            references.append(references_item)

        revision = d.pop("revision")

        role = SoTerm.from_dict(d.pop("role"))

        seqhash = d.pop("seqhash")

        status = RecordStatus(d.pop("status"))

        tags = cast(list[str], d.pop("tags"))

        topology = Topology(d.pop("topology"))

        twins = []
        _twins = d.pop("twins")
        for twins_item_data in _twins:
            twins_item = PartRef.from_dict(twins_item_data)

            twins.append(twins_item)

        twins_truncated = d.pop("twins_truncated")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        updated_by = UserRef.from_dict(d.pop("updated_by"))

        def _parse_duplicate_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duplicate_reason = _parse_duplicate_reason(d.pop("duplicate_reason", UNSET))

        def _parse_gc_content(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        gc_content = _parse_gc_content(d.pop("gc_content", UNSET))

        def _parse_genbank(data: object) -> GenbankHeader | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                genbank_type_1 = GenbankHeader.from_dict(data)

                return genbank_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenbankHeader | None | Unset, data)

        genbank = _parse_genbank(d.pop("genbank", UNSET))

        def _parse_license_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        license_ = _parse_license_(d.pop("license", UNSET))

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

        def _parse_source(data: object) -> None | Source | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_1 = Source.from_dict(data)

                return source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Source | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_withdrawal_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        withdrawal_reason = _parse_withdrawal_reason(d.pop("withdrawal_reason", UNSET))

        def _parse_withdrawn_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawn_at_type_0 = datetime.datetime.fromisoformat(data)

                return withdrawn_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        withdrawn_at = _parse_withdrawn_at(d.pop("withdrawn_at", UNSET))

        part_view = cls(
            accession=accession,
            aliases=aliases,
            components=components,
            created_at=created_at,
            created_by=created_by,
            curation_state=curation_state,
            derived_from=derived_from,
            description=description,
            features=features,
            hosts=hosts,
            id=id,
            length=length,
            molecule_type=molecule_type,
            name=name,
            owner_org=owner_org,
            provenance=provenance,
            references=references,
            revision=revision,
            role=role,
            seqhash=seqhash,
            status=status,
            tags=tags,
            topology=topology,
            twins=twins,
            twins_truncated=twins_truncated,
            updated_at=updated_at,
            updated_by=updated_by,
            duplicate_reason=duplicate_reason,
            gc_content=gc_content,
            genbank=genbank,
            license_=license_,
            published_revision=published_revision,
            sequence=sequence,
            source=source,
            withdrawal_reason=withdrawal_reason,
            withdrawn_at=withdrawn_at,
        )

        part_view.additional_properties = d
        return part_view

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
