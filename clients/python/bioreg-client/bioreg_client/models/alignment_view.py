from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AlignmentView")


@_attrs_define
class AlignmentView:
    """An alignment as three lines of equal length.

    Attributes:
        midline (str): `|` identical, `:` compatible IUPAC letters, space otherwise.
        query (str): The aligned query, reverse-complemented for a `reverse` hit (`-` for a gap).
        subject (str): The part's forward strand from `start` to `end` (`-` for a gap).
    """

    midline: str
    query: str
    subject: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        midline = self.midline

        query = self.query

        subject = self.subject

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "midline": midline,
                "query": query,
                "subject": subject,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        midline = d.pop("midline")

        query = d.pop("query")

        subject = d.pop("subject")

        alignment_view = cls(
            midline=midline,
            query=query,
            subject=subject,
        )

        alignment_view.additional_properties = d
        return alignment_view

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
