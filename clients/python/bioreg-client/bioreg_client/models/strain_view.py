from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.curation_state import CurationState
from ..models.form_of_supply import FormOfSupply
from ..models.nagoya_protocol import NagoyaProtocol
from ..models.organism_type import OrganismType
from ..models.record_status import RecordStatus
from ..models.restrictions_on_use import RestrictionsOnUse
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.b_tree_map import BTreeMap
    from ..models.carried_part_view import CarriedPartView
    from ..models.collection_number_view import CollectionNumberView
    from ..models.deposit_step import DepositStep
    from ..models.geographic_origin import GeographicOrigin
    from ..models.organization_ref import OrganizationRef
    from ..models.parent_view import ParentView
    from ..models.reference import Reference
    from ..models.source import Source
    from ..models.taxon import Taxon
    from ..models.temperature import Temperature
    from ..models.user_ref import UserRef


T = TypeVar("T", bound="StrainView")


@_attrs_define
class StrainView:
    """A strain record.

    Attributes:
        aliases (list[str]):
        dual_use (bool):
        forms_of_supply (list[FormOfSupply]):
        genome_accessions (list[str]):
        gmo (bool):
        growth_media (list[str]):
        history_of_deposit (list[DepositStep]):
        literature (list[Reference]):
        mta_required (bool):
        quarantine (bool):
        type_strain (bool):
        accession (str): Server-assigned, unique, immutable: `<prefix><serial>`, e.g. `BRS000042`.
        created_at (datetime.datetime):
        created_by (UserRef):
        curation_state (CurationState):
        id (UUID): Key of a strain.
        missing_for_submission (list[str]): MIRRI-IS mandatory fields still missing before the strain may be submitted
            for curation.
        name (str):
        organism_type (OrganismType):
        other_collection_numbers (list[CollectionNumberView]):
        owner_org (OrganizationRef):
        parents (list[ParentView]):
        parts (list[CarriedPartView]):
        provenance (BTreeMap):
        revision (int):
        risk_group (int):
        sample_count (int): Live physical samples.
        status (RecordStatus):
        tags (list[str]):
        taxon (Taxon):
        updated_at (datetime.datetime):
        updated_by (UserRef):
        atmosphere (None | str | Unset):
        biosafety_level (int | None | Unset):
        collected_by (None | str | Unset):
        deposit_date (None | str | Unset):
        depositor (None | str | Unset):
        genotype (None | str | Unset):
        geographic_origin (GeographicOrigin | None | Unset):
        gmo_construction (None | str | Unset):
        growth_temperature_c (None | Temperature | Unset):
        infrasubspecific_names (None | str | Unset):
        isolated_by (None | str | Unset):
        isolated_from (None | str | Unset):
        isolation_date (None | str | Unset): ISO 8601 date, possibly partial: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
        mutant_info (None | str | Unset):
        nagoya_protocol (NagoyaProtocol | None | Unset):
        phenotype (None | str | Unset):
        restrictions_on_use (None | RestrictionsOnUse | Unset):
        source (None | Source | Unset):
        history_of_deposit_chain (None | str | Unset): The deposit history as collections write it, most recent first:
            `<- ATCC <- R. Hungate, 1958`.
        published_revision (int | None | Unset): The revision readers see; absent until a curator first approves the
            record.
        withdrawal_reason (None | str | Unset):
        withdrawn_at (datetime.datetime | None | Unset):
    """

    aliases: list[str]
    dual_use: bool
    forms_of_supply: list[FormOfSupply]
    genome_accessions: list[str]
    gmo: bool
    growth_media: list[str]
    history_of_deposit: list[DepositStep]
    literature: list[Reference]
    mta_required: bool
    quarantine: bool
    type_strain: bool
    accession: str
    created_at: datetime.datetime
    created_by: UserRef
    curation_state: CurationState
    id: UUID
    missing_for_submission: list[str]
    name: str
    organism_type: OrganismType
    other_collection_numbers: list[CollectionNumberView]
    owner_org: OrganizationRef
    parents: list[ParentView]
    parts: list[CarriedPartView]
    provenance: BTreeMap
    revision: int
    risk_group: int
    sample_count: int
    status: RecordStatus
    tags: list[str]
    taxon: Taxon
    updated_at: datetime.datetime
    updated_by: UserRef
    atmosphere: None | str | Unset = UNSET
    biosafety_level: int | None | Unset = UNSET
    collected_by: None | str | Unset = UNSET
    deposit_date: None | str | Unset = UNSET
    depositor: None | str | Unset = UNSET
    genotype: None | str | Unset = UNSET
    geographic_origin: GeographicOrigin | None | Unset = UNSET
    gmo_construction: None | str | Unset = UNSET
    growth_temperature_c: None | Temperature | Unset = UNSET
    infrasubspecific_names: None | str | Unset = UNSET
    isolated_by: None | str | Unset = UNSET
    isolated_from: None | str | Unset = UNSET
    isolation_date: None | str | Unset = UNSET
    mutant_info: None | str | Unset = UNSET
    nagoya_protocol: NagoyaProtocol | None | Unset = UNSET
    phenotype: None | str | Unset = UNSET
    restrictions_on_use: None | RestrictionsOnUse | Unset = UNSET
    source: None | Source | Unset = UNSET
    history_of_deposit_chain: None | str | Unset = UNSET
    published_revision: int | None | Unset = UNSET
    withdrawal_reason: None | str | Unset = UNSET
    withdrawn_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.geographic_origin import GeographicOrigin  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415
        from ..models.temperature import Temperature  # noqa: PLC0415

        aliases = self.aliases

        dual_use = self.dual_use

        forms_of_supply = []
        for forms_of_supply_item_data in self.forms_of_supply:
            forms_of_supply_item = forms_of_supply_item_data.value
            forms_of_supply.append(forms_of_supply_item)

        genome_accessions = self.genome_accessions

        gmo = self.gmo

        growth_media = self.growth_media

        history_of_deposit = []
        for history_of_deposit_item_data in self.history_of_deposit:
            history_of_deposit_item = history_of_deposit_item_data.to_dict()
            history_of_deposit.append(history_of_deposit_item)

        literature = []
        for literature_item_data in self.literature:
            literature_item = literature_item_data.to_dict()
            literature.append(literature_item)

        mta_required = self.mta_required

        quarantine = self.quarantine

        type_strain = self.type_strain

        accession = self.accession

        created_at = self.created_at.isoformat()

        created_by = self.created_by.to_dict()

        curation_state = self.curation_state.value

        id = str(self.id)

        missing_for_submission = self.missing_for_submission

        name = self.name

        organism_type = self.organism_type.value

        other_collection_numbers = []
        for other_collection_numbers_item_data in self.other_collection_numbers:
            other_collection_numbers_item = other_collection_numbers_item_data.to_dict()
            other_collection_numbers.append(other_collection_numbers_item)

        owner_org = self.owner_org.to_dict()

        parents = []
        for parents_item_data in self.parents:
            parents_item = parents_item_data.to_dict()
            parents.append(parents_item)

        parts = []
        for parts_item_data in self.parts:
            parts_item = parts_item_data.to_dict()
            parts.append(parts_item)

        provenance = self.provenance.to_dict()

        revision = self.revision

        risk_group = self.risk_group

        sample_count = self.sample_count

        status = self.status.value

        tags = self.tags

        taxon = self.taxon.to_dict()

        updated_at = self.updated_at.isoformat()

        updated_by = self.updated_by.to_dict()

        atmosphere: None | str | Unset
        if isinstance(self.atmosphere, Unset):
            atmosphere = UNSET
        else:
            atmosphere = self.atmosphere

        biosafety_level: int | None | Unset
        if isinstance(self.biosafety_level, Unset):
            biosafety_level = UNSET
        else:
            biosafety_level = self.biosafety_level

        collected_by: None | str | Unset
        if isinstance(self.collected_by, Unset):
            collected_by = UNSET
        else:
            collected_by = self.collected_by

        deposit_date: None | str | Unset
        if isinstance(self.deposit_date, Unset):
            deposit_date = UNSET
        else:
            deposit_date = self.deposit_date

        depositor: None | str | Unset
        if isinstance(self.depositor, Unset):
            depositor = UNSET
        else:
            depositor = self.depositor

        genotype: None | str | Unset
        if isinstance(self.genotype, Unset):
            genotype = UNSET
        else:
            genotype = self.genotype

        geographic_origin: dict[str, Any] | None | Unset
        if isinstance(self.geographic_origin, Unset):
            geographic_origin = UNSET
        elif isinstance(self.geographic_origin, GeographicOrigin):
            geographic_origin = self.geographic_origin.to_dict()
        else:
            geographic_origin = self.geographic_origin

        gmo_construction: None | str | Unset
        if isinstance(self.gmo_construction, Unset):
            gmo_construction = UNSET
        else:
            gmo_construction = self.gmo_construction

        growth_temperature_c: dict[str, Any] | None | Unset
        if isinstance(self.growth_temperature_c, Unset):
            growth_temperature_c = UNSET
        elif isinstance(self.growth_temperature_c, Temperature):
            growth_temperature_c = self.growth_temperature_c.to_dict()
        else:
            growth_temperature_c = self.growth_temperature_c

        infrasubspecific_names: None | str | Unset
        if isinstance(self.infrasubspecific_names, Unset):
            infrasubspecific_names = UNSET
        else:
            infrasubspecific_names = self.infrasubspecific_names

        isolated_by: None | str | Unset
        if isinstance(self.isolated_by, Unset):
            isolated_by = UNSET
        else:
            isolated_by = self.isolated_by

        isolated_from: None | str | Unset
        if isinstance(self.isolated_from, Unset):
            isolated_from = UNSET
        else:
            isolated_from = self.isolated_from

        isolation_date: None | str | Unset
        if isinstance(self.isolation_date, Unset):
            isolation_date = UNSET
        else:
            isolation_date = self.isolation_date

        mutant_info: None | str | Unset
        if isinstance(self.mutant_info, Unset):
            mutant_info = UNSET
        else:
            mutant_info = self.mutant_info

        nagoya_protocol: None | str | Unset
        if isinstance(self.nagoya_protocol, Unset):
            nagoya_protocol = UNSET
        elif isinstance(self.nagoya_protocol, NagoyaProtocol):
            nagoya_protocol = self.nagoya_protocol.value
        else:
            nagoya_protocol = self.nagoya_protocol

        phenotype: None | str | Unset
        if isinstance(self.phenotype, Unset):
            phenotype = UNSET
        else:
            phenotype = self.phenotype

        restrictions_on_use: None | str | Unset
        if isinstance(self.restrictions_on_use, Unset):
            restrictions_on_use = UNSET
        elif isinstance(self.restrictions_on_use, RestrictionsOnUse):
            restrictions_on_use = self.restrictions_on_use.value
        else:
            restrictions_on_use = self.restrictions_on_use

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, Source):
            source = self.source.to_dict()
        else:
            source = self.source

        history_of_deposit_chain: None | str | Unset
        if isinstance(self.history_of_deposit_chain, Unset):
            history_of_deposit_chain = UNSET
        else:
            history_of_deposit_chain = self.history_of_deposit_chain

        published_revision: int | None | Unset
        if isinstance(self.published_revision, Unset):
            published_revision = UNSET
        else:
            published_revision = self.published_revision

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
                "aliases": aliases,
                "dual_use": dual_use,
                "forms_of_supply": forms_of_supply,
                "genome_accessions": genome_accessions,
                "gmo": gmo,
                "growth_media": growth_media,
                "history_of_deposit": history_of_deposit,
                "literature": literature,
                "mta_required": mta_required,
                "quarantine": quarantine,
                "type_strain": type_strain,
                "accession": accession,
                "created_at": created_at,
                "created_by": created_by,
                "curation_state": curation_state,
                "id": id,
                "missing_for_submission": missing_for_submission,
                "name": name,
                "organism_type": organism_type,
                "other_collection_numbers": other_collection_numbers,
                "owner_org": owner_org,
                "parents": parents,
                "parts": parts,
                "provenance": provenance,
                "revision": revision,
                "risk_group": risk_group,
                "sample_count": sample_count,
                "status": status,
                "tags": tags,
                "taxon": taxon,
                "updated_at": updated_at,
                "updated_by": updated_by,
            }
        )
        if atmosphere is not UNSET:
            field_dict["atmosphere"] = atmosphere
        if biosafety_level is not UNSET:
            field_dict["biosafety_level"] = biosafety_level
        if collected_by is not UNSET:
            field_dict["collected_by"] = collected_by
        if deposit_date is not UNSET:
            field_dict["deposit_date"] = deposit_date
        if depositor is not UNSET:
            field_dict["depositor"] = depositor
        if genotype is not UNSET:
            field_dict["genotype"] = genotype
        if geographic_origin is not UNSET:
            field_dict["geographic_origin"] = geographic_origin
        if gmo_construction is not UNSET:
            field_dict["gmo_construction"] = gmo_construction
        if growth_temperature_c is not UNSET:
            field_dict["growth_temperature_c"] = growth_temperature_c
        if infrasubspecific_names is not UNSET:
            field_dict["infrasubspecific_names"] = infrasubspecific_names
        if isolated_by is not UNSET:
            field_dict["isolated_by"] = isolated_by
        if isolated_from is not UNSET:
            field_dict["isolated_from"] = isolated_from
        if isolation_date is not UNSET:
            field_dict["isolation_date"] = isolation_date
        if mutant_info is not UNSET:
            field_dict["mutant_info"] = mutant_info
        if nagoya_protocol is not UNSET:
            field_dict["nagoya_protocol"] = nagoya_protocol
        if phenotype is not UNSET:
            field_dict["phenotype"] = phenotype
        if restrictions_on_use is not UNSET:
            field_dict["restrictions_on_use"] = restrictions_on_use
        if source is not UNSET:
            field_dict["source"] = source
        if history_of_deposit_chain is not UNSET:
            field_dict["history_of_deposit_chain"] = history_of_deposit_chain
        if published_revision is not UNSET:
            field_dict["published_revision"] = published_revision
        if withdrawal_reason is not UNSET:
            field_dict["withdrawal_reason"] = withdrawal_reason
        if withdrawn_at is not UNSET:
            field_dict["withdrawn_at"] = withdrawn_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.b_tree_map import BTreeMap  # noqa: PLC0415
        from ..models.carried_part_view import CarriedPartView  # noqa: PLC0415
        from ..models.collection_number_view import CollectionNumberView  # noqa: PLC0415
        from ..models.deposit_step import DepositStep  # noqa: PLC0415
        from ..models.geographic_origin import GeographicOrigin  # noqa: PLC0415
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415
        from ..models.parent_view import ParentView  # noqa: PLC0415
        from ..models.reference import Reference  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415
        from ..models.taxon import Taxon  # noqa: PLC0415
        from ..models.temperature import Temperature  # noqa: PLC0415
        from ..models.user_ref import UserRef  # noqa: PLC0415

        d = dict(src_dict)
        aliases = cast(list[str], d.pop("aliases"))

        dual_use = d.pop("dual_use")

        forms_of_supply = []
        _forms_of_supply = d.pop("forms_of_supply")
        for forms_of_supply_item_data in _forms_of_supply:
            forms_of_supply_item = FormOfSupply(forms_of_supply_item_data)

            forms_of_supply.append(forms_of_supply_item)

        genome_accessions = cast(list[str], d.pop("genome_accessions"))

        gmo = d.pop("gmo")

        growth_media = cast(list[str], d.pop("growth_media"))

        history_of_deposit = []
        _history_of_deposit = d.pop("history_of_deposit")
        for history_of_deposit_item_data in _history_of_deposit:
            history_of_deposit_item = DepositStep.from_dict(history_of_deposit_item_data)

            history_of_deposit.append(history_of_deposit_item)

        literature = []
        _literature = d.pop("literature")
        for literature_item_data in _literature:
            literature_item = Reference.from_dict(literature_item_data)

            literature.append(literature_item)

        mta_required = d.pop("mta_required")

        quarantine = d.pop("quarantine")

        type_strain = d.pop("type_strain")

        accession = d.pop("accession")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = UserRef.from_dict(d.pop("created_by"))

        curation_state = CurationState(d.pop("curation_state"))

        id = UUID(d.pop("id"))

        missing_for_submission = cast(list[str], d.pop("missing_for_submission"))

        name = d.pop("name")

        organism_type = OrganismType(d.pop("organism_type"))

        other_collection_numbers = []
        _other_collection_numbers = d.pop("other_collection_numbers")
        for other_collection_numbers_item_data in _other_collection_numbers:
            other_collection_numbers_item = CollectionNumberView.from_dict(other_collection_numbers_item_data)

            other_collection_numbers.append(other_collection_numbers_item)

        owner_org = OrganizationRef.from_dict(d.pop("owner_org"))

        parents = []
        _parents = d.pop("parents")
        for parents_item_data in _parents:
            parents_item = ParentView.from_dict(parents_item_data)

            parents.append(parents_item)

        parts = []
        _parts = d.pop("parts")
        for parts_item_data in _parts:
            parts_item = CarriedPartView.from_dict(parts_item_data)

            parts.append(parts_item)

        provenance = BTreeMap.from_dict(d.pop("provenance"))

        revision = d.pop("revision")

        risk_group = d.pop("risk_group")

        sample_count = d.pop("sample_count")

        status = RecordStatus(d.pop("status"))

        tags = cast(list[str], d.pop("tags"))

        taxon = Taxon.from_dict(d.pop("taxon"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        updated_by = UserRef.from_dict(d.pop("updated_by"))

        def _parse_atmosphere(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        atmosphere = _parse_atmosphere(d.pop("atmosphere", UNSET))

        def _parse_biosafety_level(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        biosafety_level = _parse_biosafety_level(d.pop("biosafety_level", UNSET))

        def _parse_collected_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        collected_by = _parse_collected_by(d.pop("collected_by", UNSET))

        def _parse_deposit_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        deposit_date = _parse_deposit_date(d.pop("deposit_date", UNSET))

        def _parse_depositor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        depositor = _parse_depositor(d.pop("depositor", UNSET))

        def _parse_genotype(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        genotype = _parse_genotype(d.pop("genotype", UNSET))

        def _parse_geographic_origin(data: object) -> GeographicOrigin | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                geographic_origin_type_1 = GeographicOrigin.from_dict(data)

                return geographic_origin_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GeographicOrigin | None | Unset, data)

        geographic_origin = _parse_geographic_origin(d.pop("geographic_origin", UNSET))

        def _parse_gmo_construction(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gmo_construction = _parse_gmo_construction(d.pop("gmo_construction", UNSET))

        def _parse_growth_temperature_c(data: object) -> None | Temperature | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                growth_temperature_c_type_1 = Temperature.from_dict(data)

                return growth_temperature_c_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Temperature | Unset, data)

        growth_temperature_c = _parse_growth_temperature_c(d.pop("growth_temperature_c", UNSET))

        def _parse_infrasubspecific_names(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        infrasubspecific_names = _parse_infrasubspecific_names(d.pop("infrasubspecific_names", UNSET))

        def _parse_isolated_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        isolated_by = _parse_isolated_by(d.pop("isolated_by", UNSET))

        def _parse_isolated_from(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        isolated_from = _parse_isolated_from(d.pop("isolated_from", UNSET))

        def _parse_isolation_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        isolation_date = _parse_isolation_date(d.pop("isolation_date", UNSET))

        def _parse_mutant_info(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mutant_info = _parse_mutant_info(d.pop("mutant_info", UNSET))

        def _parse_nagoya_protocol(data: object) -> NagoyaProtocol | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                nagoya_protocol_type_1 = NagoyaProtocol(data)

                return nagoya_protocol_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NagoyaProtocol | None | Unset, data)

        nagoya_protocol = _parse_nagoya_protocol(d.pop("nagoya_protocol", UNSET))

        def _parse_phenotype(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phenotype = _parse_phenotype(d.pop("phenotype", UNSET))

        def _parse_restrictions_on_use(data: object) -> None | RestrictionsOnUse | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                restrictions_on_use_type_1 = RestrictionsOnUse(data)

                return restrictions_on_use_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RestrictionsOnUse | Unset, data)

        restrictions_on_use = _parse_restrictions_on_use(d.pop("restrictions_on_use", UNSET))

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

        def _parse_history_of_deposit_chain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        history_of_deposit_chain = _parse_history_of_deposit_chain(d.pop("history_of_deposit_chain", UNSET))

        def _parse_published_revision(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        published_revision = _parse_published_revision(d.pop("published_revision", UNSET))

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

        strain_view = cls(
            aliases=aliases,
            dual_use=dual_use,
            forms_of_supply=forms_of_supply,
            genome_accessions=genome_accessions,
            gmo=gmo,
            growth_media=growth_media,
            history_of_deposit=history_of_deposit,
            literature=literature,
            mta_required=mta_required,
            quarantine=quarantine,
            type_strain=type_strain,
            accession=accession,
            created_at=created_at,
            created_by=created_by,
            curation_state=curation_state,
            id=id,
            missing_for_submission=missing_for_submission,
            name=name,
            organism_type=organism_type,
            other_collection_numbers=other_collection_numbers,
            owner_org=owner_org,
            parents=parents,
            parts=parts,
            provenance=provenance,
            revision=revision,
            risk_group=risk_group,
            sample_count=sample_count,
            status=status,
            tags=tags,
            taxon=taxon,
            updated_at=updated_at,
            updated_by=updated_by,
            atmosphere=atmosphere,
            biosafety_level=biosafety_level,
            collected_by=collected_by,
            deposit_date=deposit_date,
            depositor=depositor,
            genotype=genotype,
            geographic_origin=geographic_origin,
            gmo_construction=gmo_construction,
            growth_temperature_c=growth_temperature_c,
            infrasubspecific_names=infrasubspecific_names,
            isolated_by=isolated_by,
            isolated_from=isolated_from,
            isolation_date=isolation_date,
            mutant_info=mutant_info,
            nagoya_protocol=nagoya_protocol,
            phenotype=phenotype,
            restrictions_on_use=restrictions_on_use,
            source=source,
            history_of_deposit_chain=history_of_deposit_chain,
            published_revision=published_revision,
            withdrawal_reason=withdrawal_reason,
            withdrawn_at=withdrawn_at,
        )

        strain_view.additional_properties = d
        return strain_view

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
