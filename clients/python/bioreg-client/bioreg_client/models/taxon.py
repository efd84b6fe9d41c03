from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Taxon")


@_attrs_define
class Taxon:
    """
    Attributes:
        name (str):
        ncbi_taxid (int | None | Unset):
    """

    name: str
    ncbi_taxid: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        ncbi_taxid: int | None | Unset
        if isinstance(self.ncbi_taxid, Unset):
            ncbi_taxid = UNSET
        else:
            ncbi_taxid = self.ncbi_taxid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if ncbi_taxid is not UNSET:
            field_dict["ncbi_taxid"] = ncbi_taxid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_ncbi_taxid(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ncbi_taxid = _parse_ncbi_taxid(d.pop("ncbi_taxid", UNSET))

        taxon = cls(
            name=name,
            ncbi_taxid=ncbi_taxid,
        )

        taxon.additional_properties = d
        return taxon

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
