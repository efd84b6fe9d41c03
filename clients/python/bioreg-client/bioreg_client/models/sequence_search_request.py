from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.molecule_type import MoleculeType
from ..models.search_mode import SearchMode
from ..models.strands import Strands
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.part_filters import PartFilters


T = TypeVar("T", bound="SequenceSearchRequest")


@_attrs_define
class SequenceSearchRequest:
    """A sequence search.

    Example:
        {'max_differences': 2, 'mode': 'approximate', 'sequence': 'TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC'}

    Attributes:
        sequence (str): The query: 8 to 100,000 IUPAC letters (10,000 in mode `approximate`; case, whitespace
            and GenBank-style numbering ignored). Ambiguity codes match every base they stand for, on
            both sides; a query must still be specific enough to look up (exact and approximate: a run
            of 7 letters standing for at most 64 sequences in each of its `max_differences + 1`
            pieces; similarity: an unambiguous 11-mer outside low-complexity regions), else 422.
        filters (PartFilters | Unset): The record filters of the part list, also accepted by sequence search.
        include_alignment (bool | Unset): Include each hit's alignment.
        limit (int | None | Unset): Most hits returned, 1–5000 (default 100); with `include_alignment`, `limit` × query
            length may be at most 8,000,000.
        max_differences (int | None | Unset): Approximate only: most edits allowed (default 1; at most 10, and at most
            one per 7 query
            bases less one).
        max_evalue (float | None | Unset): Similarity only: largest E-value of a hit (default 1e-5).
        min_aligned_length (int | None | Unset): Similarity only: least alignment length (columns) of a hit (default 0).
        min_identity (float | None | Unset): Similarity only: least identity of a hit, 0–1 (default 0).
        mode (SearchMode | Unset): Search mode as requested.
        molecule_type (MoleculeType | None | Unset):
        strands (Strands | Unset): Which strands of the stored sequences to search.
    """

    sequence: str
    filters: PartFilters | Unset = UNSET
    include_alignment: bool | Unset = UNSET
    limit: int | None | Unset = UNSET
    max_differences: int | None | Unset = UNSET
    max_evalue: float | None | Unset = UNSET
    min_aligned_length: int | None | Unset = UNSET
    min_identity: float | None | Unset = UNSET
    mode: SearchMode | Unset = UNSET
    molecule_type: MoleculeType | None | Unset = UNSET
    strands: Strands | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        sequence = self.sequence

        filters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filters, Unset):
            filters = self.filters.to_dict()

        include_alignment = self.include_alignment

        limit: int | None | Unset
        if isinstance(self.limit, Unset):
            limit = UNSET
        else:
            limit = self.limit

        max_differences: int | None | Unset
        if isinstance(self.max_differences, Unset):
            max_differences = UNSET
        else:
            max_differences = self.max_differences

        max_evalue: float | None | Unset
        if isinstance(self.max_evalue, Unset):
            max_evalue = UNSET
        else:
            max_evalue = self.max_evalue

        min_aligned_length: int | None | Unset
        if isinstance(self.min_aligned_length, Unset):
            min_aligned_length = UNSET
        else:
            min_aligned_length = self.min_aligned_length

        min_identity: float | None | Unset
        if isinstance(self.min_identity, Unset):
            min_identity = UNSET
        else:
            min_identity = self.min_identity

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        molecule_type: None | str | Unset
        if isinstance(self.molecule_type, Unset):
            molecule_type = UNSET
        elif isinstance(self.molecule_type, MoleculeType):
            molecule_type = self.molecule_type.value
        else:
            molecule_type = self.molecule_type

        strands: str | Unset = UNSET
        if not isinstance(self.strands, Unset):
            strands = self.strands.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "sequence": sequence,
            }
        )
        if filters is not UNSET:
            field_dict["filters"] = filters
        if include_alignment is not UNSET:
            field_dict["include_alignment"] = include_alignment
        if limit is not UNSET:
            field_dict["limit"] = limit
        if max_differences is not UNSET:
            field_dict["max_differences"] = max_differences
        if max_evalue is not UNSET:
            field_dict["max_evalue"] = max_evalue
        if min_aligned_length is not UNSET:
            field_dict["min_aligned_length"] = min_aligned_length
        if min_identity is not UNSET:
            field_dict["min_identity"] = min_identity
        if mode is not UNSET:
            field_dict["mode"] = mode
        if molecule_type is not UNSET:
            field_dict["molecule_type"] = molecule_type
        if strands is not UNSET:
            field_dict["strands"] = strands

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.part_filters import PartFilters  # noqa: PLC0415

        d = dict(src_dict)
        sequence = d.pop("sequence")

        _filters = d.pop("filters", UNSET)
        filters: PartFilters | Unset
        if isinstance(_filters, Unset):
            filters = UNSET
        else:
            filters = PartFilters.from_dict(_filters)

        include_alignment = d.pop("include_alignment", UNSET)

        def _parse_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        limit = _parse_limit(d.pop("limit", UNSET))

        def _parse_max_differences(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_differences = _parse_max_differences(d.pop("max_differences", UNSET))

        def _parse_max_evalue(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_evalue = _parse_max_evalue(d.pop("max_evalue", UNSET))

        def _parse_min_aligned_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_aligned_length = _parse_min_aligned_length(d.pop("min_aligned_length", UNSET))

        def _parse_min_identity(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_identity = _parse_min_identity(d.pop("min_identity", UNSET))

        _mode = d.pop("mode", UNSET)
        mode: SearchMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = SearchMode(_mode)

        def _parse_molecule_type(data: object) -> MoleculeType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                molecule_type_type_1 = MoleculeType(data)

                return molecule_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoleculeType | None | Unset, data)

        molecule_type = _parse_molecule_type(d.pop("molecule_type", UNSET))

        _strands = d.pop("strands", UNSET)
        strands: Strands | Unset
        if isinstance(_strands, Unset):
            strands = UNSET
        else:
            strands = Strands(_strands)

        sequence_search_request = cls(
            sequence=sequence,
            filters=filters,
            include_alignment=include_alignment,
            limit=limit,
            max_differences=max_differences,
            max_evalue=max_evalue,
            min_aligned_length=min_aligned_length,
            min_identity=min_identity,
            mode=mode,
            molecule_type=molecule_type,
            strands=strands,
        )

        return sequence_search_request
