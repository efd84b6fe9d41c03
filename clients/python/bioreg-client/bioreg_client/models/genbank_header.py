from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GenbankHeader")


@_attrs_define
class GenbankHeader:
    """What a GenBank record's header says beyond a part's own fields.

    Attributes:
        accession (None | str | Unset):
        annotation_blocks (list[str] | Unset): The REFERENCE and COMMENT blocks exactly as the file wrote them (keyword
            line and its
            continuation lines), written back unchanged on export.
        date (None | str | Unset): The LOCUS date, `DD-MON-YYYY`.
        division (None | str | Unset): The GenBank division, e.g. `SYN`, `BCT`.
        keywords (None | str | Unset):
        locus (None | str | Unset): The LOCUS name.
        molecule_type (None | str | Unset): The molecule type as the LOCUS line wrote it, e.g. `DNA`, `ds-DNA`, `mRNA`.
        organism (None | str | Unset):
        source (None | str | Unset): The SOURCE line.
        version (None | str | Unset):
    """

    accession: None | str | Unset = UNSET
    annotation_blocks: list[str] | Unset = UNSET
    date: None | str | Unset = UNSET
    division: None | str | Unset = UNSET
    keywords: None | str | Unset = UNSET
    locus: None | str | Unset = UNSET
    molecule_type: None | str | Unset = UNSET
    organism: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    version: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        accession: None | str | Unset
        if isinstance(self.accession, Unset):
            accession = UNSET
        else:
            accession = self.accession

        annotation_blocks: list[str] | Unset = UNSET
        if not isinstance(self.annotation_blocks, Unset):
            annotation_blocks = self.annotation_blocks

        date: None | str | Unset
        if isinstance(self.date, Unset):
            date = UNSET
        else:
            date = self.date

        division: None | str | Unset
        if isinstance(self.division, Unset):
            division = UNSET
        else:
            division = self.division

        keywords: None | str | Unset
        if isinstance(self.keywords, Unset):
            keywords = UNSET
        else:
            keywords = self.keywords

        locus: None | str | Unset
        if isinstance(self.locus, Unset):
            locus = UNSET
        else:
            locus = self.locus

        molecule_type: None | str | Unset
        if isinstance(self.molecule_type, Unset):
            molecule_type = UNSET
        else:
            molecule_type = self.molecule_type

        organism: None | str | Unset
        if isinstance(self.organism, Unset):
            organism = UNSET
        else:
            organism = self.organism

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if accession is not UNSET:
            field_dict["accession"] = accession
        if annotation_blocks is not UNSET:
            field_dict["annotation_blocks"] = annotation_blocks
        if date is not UNSET:
            field_dict["date"] = date
        if division is not UNSET:
            field_dict["division"] = division
        if keywords is not UNSET:
            field_dict["keywords"] = keywords
        if locus is not UNSET:
            field_dict["locus"] = locus
        if molecule_type is not UNSET:
            field_dict["molecule_type"] = molecule_type
        if organism is not UNSET:
            field_dict["organism"] = organism
        if source is not UNSET:
            field_dict["source"] = source
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_accession(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accession = _parse_accession(d.pop("accession", UNSET))

        annotation_blocks = cast(list[str], d.pop("annotation_blocks", UNSET))

        def _parse_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        date = _parse_date(d.pop("date", UNSET))

        def _parse_division(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        division = _parse_division(d.pop("division", UNSET))

        def _parse_keywords(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        keywords = _parse_keywords(d.pop("keywords", UNSET))

        def _parse_locus(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locus = _parse_locus(d.pop("locus", UNSET))

        def _parse_molecule_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        molecule_type = _parse_molecule_type(d.pop("molecule_type", UNSET))

        def _parse_organism(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organism = _parse_organism(d.pop("organism", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        genbank_header = cls(
            accession=accession,
            annotation_blocks=annotation_blocks,
            date=date,
            division=division,
            keywords=keywords,
            locus=locus,
            molecule_type=molecule_type,
            organism=organism,
            source=source,
            version=version,
        )

        return genbank_header
