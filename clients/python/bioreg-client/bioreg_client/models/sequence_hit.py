from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.alignment_view import AlignmentView
    from ..models.part_ref import PartRef


T = TypeVar("T", bound="SequenceHit")


@_attrs_define
class SequenceHit:
    """One hit.

    Attributes:
        aligned_length (int): Alignment columns (matches, mismatches and gaps).
        crosses_origin (bool):
        differences (int): Edits (exact and approximate), or mismatched and gap columns (similarity).
        end (int): Last matched position on the part (1-based, inclusive); smaller than `start` when the
            hit crosses the origin of a circular part.
        identity (float): Identical (or IUPAC-compatible) columns / alignment columns.
        part (PartRef): A short reference to a part.
        query_end (int):
        query_start (int): First and last aligned query positions (1-based, inclusive).
        start (int): First matched position on the part (1-based, forward strand).
        strand (str): Strand of the part the query matched (`reverse`: the query matches its reverse complement).
        alignment (AlignmentView | None | Unset):
        bit_score (float | None | Unset):
        evalue (float | None | Unset):
        score (int | None | Unset): Raw score (similarity: match 2, mismatch −3, gap 5 + 2 per base).
    """

    aligned_length: int
    crosses_origin: bool
    differences: int
    end: int
    identity: float
    part: PartRef
    query_end: int
    query_start: int
    start: int
    strand: str
    alignment: AlignmentView | None | Unset = UNSET
    bit_score: float | None | Unset = UNSET
    evalue: float | None | Unset = UNSET
    score: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.alignment_view import AlignmentView  # noqa: PLC0415

        aligned_length = self.aligned_length

        crosses_origin = self.crosses_origin

        differences = self.differences

        end = self.end

        identity = self.identity

        part = self.part.to_dict()

        query_end = self.query_end

        query_start = self.query_start

        start = self.start

        strand = self.strand

        alignment: dict[str, Any] | None | Unset
        if isinstance(self.alignment, Unset):
            alignment = UNSET
        elif isinstance(self.alignment, AlignmentView):
            alignment = self.alignment.to_dict()
        else:
            alignment = self.alignment

        bit_score: float | None | Unset
        if isinstance(self.bit_score, Unset):
            bit_score = UNSET
        else:
            bit_score = self.bit_score

        evalue: float | None | Unset
        if isinstance(self.evalue, Unset):
            evalue = UNSET
        else:
            evalue = self.evalue

        score: int | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "aligned_length": aligned_length,
                "crosses_origin": crosses_origin,
                "differences": differences,
                "end": end,
                "identity": identity,
                "part": part,
                "query_end": query_end,
                "query_start": query_start,
                "start": start,
                "strand": strand,
            }
        )
        if alignment is not UNSET:
            field_dict["alignment"] = alignment
        if bit_score is not UNSET:
            field_dict["bit_score"] = bit_score
        if evalue is not UNSET:
            field_dict["evalue"] = evalue
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alignment_view import AlignmentView  # noqa: PLC0415
        from ..models.part_ref import PartRef  # noqa: PLC0415

        d = dict(src_dict)
        aligned_length = d.pop("aligned_length")

        crosses_origin = d.pop("crosses_origin")

        differences = d.pop("differences")

        end = d.pop("end")

        identity = d.pop("identity")

        part = PartRef.from_dict(d.pop("part"))

        query_end = d.pop("query_end")

        query_start = d.pop("query_start")

        start = d.pop("start")

        strand = d.pop("strand")

        def _parse_alignment(data: object) -> AlignmentView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                alignment_type_1 = AlignmentView.from_dict(data)

                return alignment_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AlignmentView | None | Unset, data)

        alignment = _parse_alignment(d.pop("alignment", UNSET))

        def _parse_bit_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bit_score = _parse_bit_score(d.pop("bit_score", UNSET))

        def _parse_evalue(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        evalue = _parse_evalue(d.pop("evalue", UNSET))

        def _parse_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        sequence_hit = cls(
            aligned_length=aligned_length,
            crosses_origin=crosses_origin,
            differences=differences,
            end=end,
            identity=identity,
            part=part,
            query_end=query_end,
            query_start=query_start,
            start=start,
            strand=strand,
            alignment=alignment,
            bit_score=bit_score,
            evalue=evalue,
            score=score,
        )

        sequence_hit.additional_properties = d
        return sequence_hit

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
