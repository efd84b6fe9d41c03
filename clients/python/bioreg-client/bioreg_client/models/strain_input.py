from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.form_of_supply import FormOfSupply
from ..models.nagoya_protocol import NagoyaProtocol
from ..models.organism_type import OrganismType
from ..models.restrictions_on_use import RestrictionsOnUse
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.carried_part_input import CarriedPartInput
    from ..models.deposit_step import DepositStep
    from ..models.geographic_origin import GeographicOrigin
    from ..models.parent_input import ParentInput
    from ..models.reference import Reference
    from ..models.source import Source
    from ..models.strain_input_provenance import StrainInputProvenance
    from ..models.taxon_input import TaxonInput
    from ..models.temperature import Temperature


T = TypeVar("T", bound="StrainInput")


@_attrs_define
class StrainInput:
    """A strain as a client writes it (`POST /api/v1/strains`; `PATCH` merges into this shape).

    Attributes:
        aliases (list[str] | Unset): Other designations and synonyms.
        atmosphere (None | str | Unset):
        biosafety_level (int | None | Unset):
        collected_by (None | str | Unset):
        deposit_date (None | str | Unset):
        depositor (None | str | Unset):
        dual_use (bool | Unset):
        forms_of_supply (list[FormOfSupply] | Unset):
        genome_accessions (list[str] | Unset): Assembly or sequence accessions, e.g. `GCF_000005845.2`.
        genotype (None | str | Unset): As geneticists write it, e.g. `F- lambda- ilvG- rfb-50 rph-1`.
        geographic_origin (GeographicOrigin | None | Unset):
        gmo (bool | Unset):
        gmo_construction (None | str | Unset):
        growth_media (list[str] | Unset):
        growth_temperature_c (None | Temperature | Unset):
        history_of_deposit (list[DepositStep] | Unset):
        infrasubspecific_names (None | str | Unset):
        isolated_by (None | str | Unset):
        isolated_from (None | str | Unset):
        isolation_date (None | str | Unset):
        literature (list[Reference] | Unset):
        mta_required (bool | Unset):
        mutant_info (None | str | Unset):
        nagoya_protocol (NagoyaProtocol | None | Unset):
        name (None | str | Unset): Designation, e.g. `MG1655`. Required.
        organism_type (None | OrganismType | Unset):
        other_collection_numbers (list[str] | Unset): Numbers in culture collections, e.g. `DSM 18039`, `ATCC 700926`.
        parents (list[ParentInput] | Unset):
        parts (list[CarriedPartInput] | Unset):
        phenotype (None | str | Unset):
        provenance (StrainInputProvenance | Unset): Where values come from, per field, e.g. `{"genotype":
            "doi:10.1093/nar/gkz1033"}`.
        quarantine (bool | Unset):
        restrictions_on_use (None | RestrictionsOnUse | Unset):
        risk_group (int | None | Unset): 1-4. Required.
        source (None | Source | Unset):
        tags (list[str] | Unset):
        taxon (None | TaxonInput | Unset):
        type_strain (bool | Unset):
    """

    aliases: list[str] | Unset = UNSET
    atmosphere: None | str | Unset = UNSET
    biosafety_level: int | None | Unset = UNSET
    collected_by: None | str | Unset = UNSET
    deposit_date: None | str | Unset = UNSET
    depositor: None | str | Unset = UNSET
    dual_use: bool | Unset = UNSET
    forms_of_supply: list[FormOfSupply] | Unset = UNSET
    genome_accessions: list[str] | Unset = UNSET
    genotype: None | str | Unset = UNSET
    geographic_origin: GeographicOrigin | None | Unset = UNSET
    gmo: bool | Unset = UNSET
    gmo_construction: None | str | Unset = UNSET
    growth_media: list[str] | Unset = UNSET
    growth_temperature_c: None | Temperature | Unset = UNSET
    history_of_deposit: list[DepositStep] | Unset = UNSET
    infrasubspecific_names: None | str | Unset = UNSET
    isolated_by: None | str | Unset = UNSET
    isolated_from: None | str | Unset = UNSET
    isolation_date: None | str | Unset = UNSET
    literature: list[Reference] | Unset = UNSET
    mta_required: bool | Unset = UNSET
    mutant_info: None | str | Unset = UNSET
    nagoya_protocol: NagoyaProtocol | None | Unset = UNSET
    name: None | str | Unset = UNSET
    organism_type: None | OrganismType | Unset = UNSET
    other_collection_numbers: list[str] | Unset = UNSET
    parents: list[ParentInput] | Unset = UNSET
    parts: list[CarriedPartInput] | Unset = UNSET
    phenotype: None | str | Unset = UNSET
    provenance: StrainInputProvenance | Unset = UNSET
    quarantine: bool | Unset = UNSET
    restrictions_on_use: None | RestrictionsOnUse | Unset = UNSET
    risk_group: int | None | Unset = UNSET
    source: None | Source | Unset = UNSET
    tags: list[str] | Unset = UNSET
    taxon: None | TaxonInput | Unset = UNSET
    type_strain: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.geographic_origin import GeographicOrigin  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415
        from ..models.taxon_input import TaxonInput  # noqa: PLC0415
        from ..models.temperature import Temperature  # noqa: PLC0415

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

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

        dual_use = self.dual_use

        forms_of_supply: list[str] | Unset = UNSET
        if not isinstance(self.forms_of_supply, Unset):
            forms_of_supply = []
            for forms_of_supply_item_data in self.forms_of_supply:
                forms_of_supply_item = forms_of_supply_item_data.value
                forms_of_supply.append(forms_of_supply_item)

        genome_accessions: list[str] | Unset = UNSET
        if not isinstance(self.genome_accessions, Unset):
            genome_accessions = self.genome_accessions

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

        gmo = self.gmo

        gmo_construction: None | str | Unset
        if isinstance(self.gmo_construction, Unset):
            gmo_construction = UNSET
        else:
            gmo_construction = self.gmo_construction

        growth_media: list[str] | Unset = UNSET
        if not isinstance(self.growth_media, Unset):
            growth_media = self.growth_media

        growth_temperature_c: dict[str, Any] | None | Unset
        if isinstance(self.growth_temperature_c, Unset):
            growth_temperature_c = UNSET
        elif isinstance(self.growth_temperature_c, Temperature):
            growth_temperature_c = self.growth_temperature_c.to_dict()
        else:
            growth_temperature_c = self.growth_temperature_c

        history_of_deposit: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.history_of_deposit, Unset):
            history_of_deposit = []
            for history_of_deposit_item_data in self.history_of_deposit:
                history_of_deposit_item = history_of_deposit_item_data.to_dict()
                history_of_deposit.append(history_of_deposit_item)

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

        literature: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.literature, Unset):
            literature = []
            for literature_item_data in self.literature:
                literature_item = literature_item_data.to_dict()
                literature.append(literature_item)

        mta_required = self.mta_required

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

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        organism_type: None | str | Unset
        if isinstance(self.organism_type, Unset):
            organism_type = UNSET
        elif isinstance(self.organism_type, OrganismType):
            organism_type = self.organism_type.value
        else:
            organism_type = self.organism_type

        other_collection_numbers: list[str] | Unset = UNSET
        if not isinstance(self.other_collection_numbers, Unset):
            other_collection_numbers = self.other_collection_numbers

        parents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parents, Unset):
            parents = []
            for parents_item_data in self.parents:
                parents_item = parents_item_data.to_dict()
                parents.append(parents_item)

        parts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.parts, Unset):
            parts = []
            for parts_item_data in self.parts:
                parts_item = parts_item_data.to_dict()
                parts.append(parts_item)

        phenotype: None | str | Unset
        if isinstance(self.phenotype, Unset):
            phenotype = UNSET
        else:
            phenotype = self.phenotype

        provenance: dict[str, Any] | Unset = UNSET
        if not isinstance(self.provenance, Unset):
            provenance = self.provenance.to_dict()

        quarantine = self.quarantine

        restrictions_on_use: None | str | Unset
        if isinstance(self.restrictions_on_use, Unset):
            restrictions_on_use = UNSET
        elif isinstance(self.restrictions_on_use, RestrictionsOnUse):
            restrictions_on_use = self.restrictions_on_use.value
        else:
            restrictions_on_use = self.restrictions_on_use

        risk_group: int | None | Unset
        if isinstance(self.risk_group, Unset):
            risk_group = UNSET
        else:
            risk_group = self.risk_group

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

        taxon: dict[str, Any] | None | Unset
        if isinstance(self.taxon, Unset):
            taxon = UNSET
        elif isinstance(self.taxon, TaxonInput):
            taxon = self.taxon.to_dict()
        else:
            taxon = self.taxon

        type_strain = self.type_strain

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
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
        if dual_use is not UNSET:
            field_dict["dual_use"] = dual_use
        if forms_of_supply is not UNSET:
            field_dict["forms_of_supply"] = forms_of_supply
        if genome_accessions is not UNSET:
            field_dict["genome_accessions"] = genome_accessions
        if genotype is not UNSET:
            field_dict["genotype"] = genotype
        if geographic_origin is not UNSET:
            field_dict["geographic_origin"] = geographic_origin
        if gmo is not UNSET:
            field_dict["gmo"] = gmo
        if gmo_construction is not UNSET:
            field_dict["gmo_construction"] = gmo_construction
        if growth_media is not UNSET:
            field_dict["growth_media"] = growth_media
        if growth_temperature_c is not UNSET:
            field_dict["growth_temperature_c"] = growth_temperature_c
        if history_of_deposit is not UNSET:
            field_dict["history_of_deposit"] = history_of_deposit
        if infrasubspecific_names is not UNSET:
            field_dict["infrasubspecific_names"] = infrasubspecific_names
        if isolated_by is not UNSET:
            field_dict["isolated_by"] = isolated_by
        if isolated_from is not UNSET:
            field_dict["isolated_from"] = isolated_from
        if isolation_date is not UNSET:
            field_dict["isolation_date"] = isolation_date
        if literature is not UNSET:
            field_dict["literature"] = literature
        if mta_required is not UNSET:
            field_dict["mta_required"] = mta_required
        if mutant_info is not UNSET:
            field_dict["mutant_info"] = mutant_info
        if nagoya_protocol is not UNSET:
            field_dict["nagoya_protocol"] = nagoya_protocol
        if name is not UNSET:
            field_dict["name"] = name
        if organism_type is not UNSET:
            field_dict["organism_type"] = organism_type
        if other_collection_numbers is not UNSET:
            field_dict["other_collection_numbers"] = other_collection_numbers
        if parents is not UNSET:
            field_dict["parents"] = parents
        if parts is not UNSET:
            field_dict["parts"] = parts
        if phenotype is not UNSET:
            field_dict["phenotype"] = phenotype
        if provenance is not UNSET:
            field_dict["provenance"] = provenance
        if quarantine is not UNSET:
            field_dict["quarantine"] = quarantine
        if restrictions_on_use is not UNSET:
            field_dict["restrictions_on_use"] = restrictions_on_use
        if risk_group is not UNSET:
            field_dict["risk_group"] = risk_group
        if source is not UNSET:
            field_dict["source"] = source
        if tags is not UNSET:
            field_dict["tags"] = tags
        if taxon is not UNSET:
            field_dict["taxon"] = taxon
        if type_strain is not UNSET:
            field_dict["type_strain"] = type_strain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.carried_part_input import CarriedPartInput  # noqa: PLC0415
        from ..models.deposit_step import DepositStep  # noqa: PLC0415
        from ..models.geographic_origin import GeographicOrigin  # noqa: PLC0415
        from ..models.parent_input import ParentInput  # noqa: PLC0415
        from ..models.reference import Reference  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415
        from ..models.strain_input_provenance import StrainInputProvenance  # noqa: PLC0415
        from ..models.taxon_input import TaxonInput  # noqa: PLC0415
        from ..models.temperature import Temperature  # noqa: PLC0415

        d = dict(src_dict)
        aliases = cast(list[str], d.pop("aliases", UNSET))

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

        dual_use = d.pop("dual_use", UNSET)

        _forms_of_supply = d.pop("forms_of_supply", UNSET)
        forms_of_supply: list[FormOfSupply] | Unset = UNSET
        if _forms_of_supply is not UNSET:
            forms_of_supply = []
            for forms_of_supply_item_data in _forms_of_supply:
                forms_of_supply_item = FormOfSupply(forms_of_supply_item_data)

                forms_of_supply.append(forms_of_supply_item)

        genome_accessions = cast(list[str], d.pop("genome_accessions", UNSET))

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

        gmo = d.pop("gmo", UNSET)

        def _parse_gmo_construction(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        gmo_construction = _parse_gmo_construction(d.pop("gmo_construction", UNSET))

        growth_media = cast(list[str], d.pop("growth_media", UNSET))

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

        _history_of_deposit = d.pop("history_of_deposit", UNSET)
        history_of_deposit: list[DepositStep] | Unset = UNSET
        if _history_of_deposit is not UNSET:
            history_of_deposit = []
            for history_of_deposit_item_data in _history_of_deposit:
                history_of_deposit_item = DepositStep.from_dict(history_of_deposit_item_data)

                history_of_deposit.append(history_of_deposit_item)

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

        _literature = d.pop("literature", UNSET)
        literature: list[Reference] | Unset = UNSET
        if _literature is not UNSET:
            literature = []
            for literature_item_data in _literature:
                literature_item = Reference.from_dict(literature_item_data)

                literature.append(literature_item)

        mta_required = d.pop("mta_required", UNSET)

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

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_organism_type(data: object) -> None | OrganismType | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                organism_type_type_1 = OrganismType(data)

                return organism_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrganismType | Unset, data)

        organism_type = _parse_organism_type(d.pop("organism_type", UNSET))

        other_collection_numbers = cast(list[str], d.pop("other_collection_numbers", UNSET))

        _parents = d.pop("parents", UNSET)
        parents: list[ParentInput] | Unset = UNSET
        if _parents is not UNSET:
            parents = []
            for parents_item_data in _parents:
                parents_item = ParentInput.from_dict(parents_item_data)

                parents.append(parents_item)

        _parts = d.pop("parts", UNSET)
        parts: list[CarriedPartInput] | Unset = UNSET
        if _parts is not UNSET:
            parts = []
            for parts_item_data in _parts:
                parts_item = CarriedPartInput.from_dict(parts_item_data)

                parts.append(parts_item)

        def _parse_phenotype(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phenotype = _parse_phenotype(d.pop("phenotype", UNSET))

        _provenance = d.pop("provenance", UNSET)
        provenance: StrainInputProvenance | Unset
        if isinstance(_provenance, Unset):
            provenance = UNSET
        else:
            provenance = StrainInputProvenance.from_dict(_provenance)

        quarantine = d.pop("quarantine", UNSET)

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

        def _parse_risk_group(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        risk_group = _parse_risk_group(d.pop("risk_group", UNSET))

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

        def _parse_taxon(data: object) -> None | TaxonInput | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                taxon_type_1 = TaxonInput.from_dict(data)

                return taxon_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TaxonInput | Unset, data)

        taxon = _parse_taxon(d.pop("taxon", UNSET))

        type_strain = d.pop("type_strain", UNSET)

        strain_input = cls(
            aliases=aliases,
            atmosphere=atmosphere,
            biosafety_level=biosafety_level,
            collected_by=collected_by,
            deposit_date=deposit_date,
            depositor=depositor,
            dual_use=dual_use,
            forms_of_supply=forms_of_supply,
            genome_accessions=genome_accessions,
            genotype=genotype,
            geographic_origin=geographic_origin,
            gmo=gmo,
            gmo_construction=gmo_construction,
            growth_media=growth_media,
            growth_temperature_c=growth_temperature_c,
            history_of_deposit=history_of_deposit,
            infrasubspecific_names=infrasubspecific_names,
            isolated_by=isolated_by,
            isolated_from=isolated_from,
            isolation_date=isolation_date,
            literature=literature,
            mta_required=mta_required,
            mutant_info=mutant_info,
            nagoya_protocol=nagoya_protocol,
            name=name,
            organism_type=organism_type,
            other_collection_numbers=other_collection_numbers,
            parents=parents,
            parts=parts,
            phenotype=phenotype,
            provenance=provenance,
            quarantine=quarantine,
            restrictions_on_use=restrictions_on_use,
            risk_group=risk_group,
            source=source,
            tags=tags,
            taxon=taxon,
            type_strain=type_strain,
        )

        return strain_input
