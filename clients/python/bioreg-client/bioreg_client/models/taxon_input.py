from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TaxonInput")


@_attrs_define
class TaxonInput:
    """
    Attributes:
        name (None | str | Unset): Scientific name, e.g. `Escherichia coli`.
        ncbi_taxid (int | None | Unset):
    """

    name: None | str | Unset = UNSET
    ncbi_taxid: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        ncbi_taxid: int | None | Unset
        if isinstance(self.ncbi_taxid, Unset):
            ncbi_taxid = UNSET
        else:
            ncbi_taxid = self.ncbi_taxid

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if ncbi_taxid is not UNSET:
            field_dict["ncbi_taxid"] = ncbi_taxid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_ncbi_taxid(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ncbi_taxid = _parse_ncbi_taxid(d.pop("ncbi_taxid", UNSET))

        taxon_input = cls(
            name=name,
            ncbi_taxid=ncbi_taxid,
        )

        return taxon_input
