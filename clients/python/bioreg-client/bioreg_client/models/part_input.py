from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.molecule_type import MoleculeType
from ..models.topology import Topology
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.component_input import ComponentInput
    from ..models.feature_input import FeatureInput
    from ..models.genbank_header import GenbankHeader
    from ..models.host import Host
    from ..models.part_input_provenance import PartInputProvenance
    from ..models.reference import Reference
    from ..models.source import Source


T = TypeVar("T", bound="PartInput")


@_attrs_define
class PartInput:
    """A part as a client writes it (`POST /api/v1/parts`; `PATCH` merges into this shape).

    Attributes:
        name (str):
        role (str): A Sequence Ontology id (`SO:0000167`) or label (`promoter`, `RBS`, `CDS`, ...).
        aliases (list[str] | Unset): Other names, e.g. `BBa_B0034`; searchable with `q`.
        allow_duplicate (bool | Unset): Register even though a live part has the same sequence (a deliberate twin).
        components (list[ComponentInput] | Unset): For composites: the ordered parts (and linkers/scars) it is assembled
            from.
        derived_from (list[str] | Unset): Parts this one was derived from (ids or accessions).
        description (str | Unset):
        duplicate_reason (None | str | Unset): Why the twin is needed; required with `allow_duplicate`.
        features (list[FeatureInput] | Unset):
        genbank (GenbankHeader | None | Unset):
        hosts (list[Host] | Unset): Chassis organisms the part is meant for.
        license_ (None | str | Unset): Licence or use restriction, e.g. `CC-BY-4.0` or `MTA required`.
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        provenance (PartInputProvenance | Unset): Where values come from, per field, e.g. `{"sequence": "iGEM Registry
            BBa_B0034"}`.
        references (list[Reference] | Unset):
        sequence (None | str | Unset): The sequence; whitespace and GenBank ORIGIN numbering are ignored, case is
            normalised.
            A composite may leave it out: it is then assembled from `components`.
        source (None | Source | Unset):
        tags (list[str] | Unset): Free labels, stored lower-case.
        topology (Topology | Unset): Whether the molecule's ends are joined.
    """

    name: str
    role: str
    aliases: list[str] | Unset = UNSET
    allow_duplicate: bool | Unset = UNSET
    components: list[ComponentInput] | Unset = UNSET
    derived_from: list[str] | Unset = UNSET
    description: str | Unset = UNSET
    duplicate_reason: None | str | Unset = UNSET
    features: list[FeatureInput] | Unset = UNSET
    genbank: GenbankHeader | None | Unset = UNSET
    hosts: list[Host] | Unset = UNSET
    license_: None | str | Unset = UNSET
    molecule_type: MoleculeType | Unset = UNSET
    provenance: PartInputProvenance | Unset = UNSET
    references: list[Reference] | Unset = UNSET
    sequence: None | str | Unset = UNSET
    source: None | Source | Unset = UNSET
    tags: list[str] | Unset = UNSET
    topology: Topology | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.genbank_header import GenbankHeader  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415

        name = self.name

        role = self.role

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        allow_duplicate = self.allow_duplicate

        components: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.components, Unset):
            components = []
            for components_item_data in self.components:
                components_item = components_item_data.to_dict()
                components.append(components_item)

        derived_from: list[str] | Unset = UNSET
        if not isinstance(self.derived_from, Unset):
            derived_from = self.derived_from

        description = self.description

        duplicate_reason: None | str | Unset
        if isinstance(self.duplicate_reason, Unset):
            duplicate_reason = UNSET
        else:
            duplicate_reason = self.duplicate_reason

        features: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = []
            for features_item_data in self.features:
                features_item = features_item_data.to_dict()
                features.append(features_item)

        genbank: dict[str, Any] | None | Unset
        if isinstance(self.genbank, Unset):
            genbank = UNSET
        elif isinstance(self.genbank, GenbankHeader):
            genbank = self.genbank.to_dict()
        else:
            genbank = self.genbank

        hosts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.hosts, Unset):
            hosts = []
            for hosts_item_data in self.hosts:
                hosts_item = hosts_item_data.to_dict()
                hosts.append(hosts_item)

        license_: None | str | Unset
        if isinstance(self.license_, Unset):
            license_ = UNSET
        else:
            license_ = self.license_

        molecule_type: str | Unset = UNSET
        if not isinstance(self.molecule_type, Unset):
            molecule_type = self.molecule_type.value

        provenance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.provenance, Unset):
            provenance = self.provenance.to_dict()

        references: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.references, Unset):
            references = []
            for references_item_data in self.references:
                references_item = references_item_data.to_dict()
                references.append(references_item)

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

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        topology: str | Unset = UNSET
        if not isinstance(self.topology, Unset):
            topology = self.topology.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "role": role,
            }
        )
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if allow_duplicate is not UNSET:
            field_dict["allow_duplicate"] = allow_duplicate
        if components is not UNSET:
            field_dict["components"] = components
        if derived_from is not UNSET:
            field_dict["derived_from"] = derived_from
        if description is not UNSET:
            field_dict["description"] = description
        if duplicate_reason is not UNSET:
            field_dict["duplicate_reason"] = duplicate_reason
        if features is not UNSET:
            field_dict["features"] = features
        if genbank is not UNSET:
            field_dict["genbank"] = genbank
        if hosts is not UNSET:
            field_dict["hosts"] = hosts
        if license_ is not UNSET:
            field_dict["license"] = license_
        if molecule_type is not UNSET:
            field_dict["molecule_type"] = molecule_type
        if provenance is not UNSET:
            field_dict["provenance"] = provenance
        if references is not UNSET:
            field_dict["references"] = references
        if sequence is not UNSET:
            field_dict["sequence"] = sequence
        if source is not UNSET:
            field_dict["source"] = source
        if tags is not UNSET:
            field_dict["tags"] = tags
        if topology is not UNSET:
            field_dict["topology"] = topology

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_input import ComponentInput  # noqa: PLC0415
        from ..models.feature_input import FeatureInput  # noqa: PLC0415
        from ..models.genbank_header import GenbankHeader  # noqa: PLC0415
        from ..models.host import Host  # noqa: PLC0415
        from ..models.part_input_provenance import PartInputProvenance  # noqa: PLC0415
        from ..models.reference import Reference  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        role = d.pop("role")

        aliases = cast(list[str], d.pop("aliases", UNSET))

        allow_duplicate = d.pop("allow_duplicate", UNSET)

        _components = d.pop("components", UNSET)
        components: list[ComponentInput] | Unset = UNSET
        if _components is not UNSET:
            components = []
            for components_item_data in _components:
                components_item = ComponentInput.from_dict(components_item_data)

                components.append(components_item)

        derived_from = cast(list[str], d.pop("derived_from", UNSET))

        description = d.pop("description", UNSET)

        def _parse_duplicate_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        duplicate_reason = _parse_duplicate_reason(d.pop("duplicate_reason", UNSET))

        _features = d.pop("features", UNSET)
        features: list[FeatureInput] | Unset = UNSET
        if _features is not UNSET:
            features = []
            for features_item_data in _features:
                features_item = FeatureInput.from_dict(features_item_data)

                features.append(features_item)

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

        _hosts = d.pop("hosts", UNSET)
        hosts: list[Host] | Unset = UNSET
        if _hosts is not UNSET:
            hosts = []
            for hosts_item_data in _hosts:
                hosts_item = Host.from_dict(hosts_item_data)

                hosts.append(hosts_item)

        def _parse_license_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        license_ = _parse_license_(d.pop("license", UNSET))

        _molecule_type = d.pop("molecule_type", UNSET)
        molecule_type: MoleculeType | Unset
        if isinstance(_molecule_type, Unset):
            molecule_type = UNSET
        else:
            molecule_type = MoleculeType(_molecule_type)

        _provenance = d.pop("provenance", UNSET)
        provenance: PartInputProvenance | Unset
        if isinstance(_provenance, Unset):
            provenance = UNSET
        else:
            provenance = PartInputProvenance.from_dict(_provenance)

        _references = d.pop("references", UNSET)
        references: list[Reference] | Unset = UNSET
        if _references is not UNSET:
            references = []
            for references_item_data in _references:
                references_item = Reference.from_dict(references_item_data)

                references.append(references_item)

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

        tags = cast(list[str], d.pop("tags", UNSET))

        _topology = d.pop("topology", UNSET)
        topology: Topology | Unset
        if isinstance(_topology, Unset):
            topology = UNSET
        else:
            topology = Topology(_topology)

        part_input = cls(
            name=name,
            role=role,
            aliases=aliases,
            allow_duplicate=allow_duplicate,
            components=components,
            derived_from=derived_from,
            description=description,
            duplicate_reason=duplicate_reason,
            features=features,
            genbank=genbank,
            hosts=hosts,
            license_=license_,
            molecule_type=molecule_type,
            provenance=provenance,
            references=references,
            sequence=sequence,
            source=source,
            tags=tags,
            topology=topology,
        )

        return part_input
