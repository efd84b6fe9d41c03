from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.search_mode import SearchMode
from ..models.truncated_by import TruncatedBy
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sequence_hit import SequenceHit


T = TypeVar("T", bound="SequenceSearchResults")


@_attrs_define
class SequenceSearchResults:
    """The answer to a sequence search.

    Attributes:
        hits (list[SequenceHit]): Best first: fewest differences (exact, approximate) or highest score (similarity).
        mode (SearchMode): Search mode as requested.
        query_length (int):
        truncated (bool): Hits may be missing: more matched than `limit`, or the search stopped early
            (`truncated_by` says why).
        truncated_by (None | TruncatedBy | Unset):
    """

    hits: list[SequenceHit]
    mode: SearchMode
    query_length: int
    truncated: bool
    truncated_by: None | TruncatedBy | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hits = []
        for hits_item_data in self.hits:
            hits_item = hits_item_data.to_dict()
            hits.append(hits_item)

        mode = self.mode.value

        query_length = self.query_length

        truncated = self.truncated

        truncated_by: None | str | Unset
        if isinstance(self.truncated_by, Unset):
            truncated_by = UNSET
        elif isinstance(self.truncated_by, TruncatedBy):
            truncated_by = self.truncated_by.value
        else:
            truncated_by = self.truncated_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "hits": hits,
                "mode": mode,
                "query_length": query_length,
                "truncated": truncated,
            }
        )
        if truncated_by is not UNSET:
            field_dict["truncated_by"] = truncated_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sequence_hit import SequenceHit  # noqa: PLC0415

        d = dict(src_dict)
        hits = []
        _hits = d.pop("hits")
        for hits_item_data in _hits:
            hits_item = SequenceHit.from_dict(hits_item_data)

            hits.append(hits_item)

        mode = SearchMode(d.pop("mode"))

        query_length = d.pop("query_length")

        truncated = d.pop("truncated")

        def _parse_truncated_by(data: object) -> None | TruncatedBy | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                truncated_by_type_1 = TruncatedBy(data)

                return truncated_by_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TruncatedBy | Unset, data)

        truncated_by = _parse_truncated_by(d.pop("truncated_by", UNSET))

        sequence_search_results = cls(
            hits=hits,
            mode=mode,
            query_length=query_length,
            truncated=truncated,
            truncated_by=truncated_by,
        )

        sequence_search_results.additional_properties = d
        return sequence_search_results

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
