from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.index_source import IndexSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="IndexLoad")


@_attrs_define
class IndexLoad:
    """How this instance's index was loaded.

    Attributes:
        caught_up (int): Parts re-read from the change feed after reading the file.
        seconds (float): Seconds from the start of loading to ready.
        source (IndexSource): Where the index came from at start-up.
        file_refused (None | str | Unset): Why an index file there was not used (damaged, written for another database,
            stale, ...).
    """

    caught_up: int
    seconds: float
    source: IndexSource
    file_refused: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        caught_up = self.caught_up

        seconds = self.seconds

        source = self.source.value

        file_refused: None | str | Unset
        if isinstance(self.file_refused, Unset):
            file_refused = UNSET
        else:
            file_refused = self.file_refused

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "caught_up": caught_up,
                "seconds": seconds,
                "source": source,
            }
        )
        if file_refused is not UNSET:
            field_dict["file_refused"] = file_refused

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        caught_up = d.pop("caught_up")

        seconds = d.pop("seconds")

        source = IndexSource(d.pop("source"))

        def _parse_file_refused(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_refused = _parse_file_refused(d.pop("file_refused", UNSET))

        index_load = cls(
            caught_up=caught_up,
            seconds=seconds,
            source=source,
            file_refused=file_refused,
        )

        index_load.additional_properties = d
        return index_load

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
