from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FieldChange")


@_attrs_define
class FieldChange:
    """One changed field between two revisions.

    Attributes:
        after (Any): The field's value in the second revision (any JSON value; null when it was removed).
        before (Any): The field's value in the first revision (any JSON value; null when it was absent).
        field (str): Dotted path, e.g. `description` or `taxon.ncbi_taxid`.
        omitted (bool): True when either value is larger than a diff carries ([`MAX_DIFF_VALUE_BYTES`] as JSON):
            `before` and `after` are then null, and the two revisions hold the values.
    """

    after: Any
    before: Any
    field: str
    omitted: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        after = self.after

        before = self.before

        field = self.field

        omitted = self.omitted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "after": after,
                "before": before,
                "field": field,
                "omitted": omitted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        after = d.pop("after")

        before = d.pop("before")

        field = d.pop("field")

        omitted = d.pop("omitted")

        field_change = cls(
            after=after,
            before=before,
            field=field,
            omitted=omitted,
        )

        field_change.additional_properties = d
        return field_change

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
