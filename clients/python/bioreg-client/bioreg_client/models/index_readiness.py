from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.index_load import IndexLoad


T = TypeVar("T", bound="IndexReadiness")


@_attrs_define
class IndexReadiness:
    """This instance's sequence index.

    Attributes:
        bases (int):
        feed_position (int): Last change-feed row applied.
        loaded (IndexLoad): How this instance's index was loaded.
        sequences (int):
    """

    bases: int
    feed_position: int
    loaded: IndexLoad
    sequences: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bases = self.bases

        feed_position = self.feed_position

        loaded = self.loaded.to_dict()

        sequences = self.sequences

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bases": bases,
                "feed_position": feed_position,
                "loaded": loaded,
                "sequences": sequences,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.index_load import IndexLoad  # noqa: PLC0415

        d = dict(src_dict)
        bases = d.pop("bases")

        feed_position = d.pop("feed_position")

        loaded = IndexLoad.from_dict(d.pop("loaded"))

        sequences = d.pop("sequences")

        index_readiness = cls(
            bases=bases,
            feed_position=feed_position,
            loaded=loaded,
            sequences=sequences,
        )

        index_readiness.additional_properties = d
        return index_readiness

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
