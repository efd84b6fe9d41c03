from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Host")


@_attrs_define
class Host:
    """
    Attributes:
        name (str): Organism name, e.g. `Escherichia coli`.
        taxid (int | None | Unset): NCBI Taxonomy id, e.g. 562.
    """

    name: str
    taxid: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        taxid: int | None | Unset
        if isinstance(self.taxid, Unset):
            taxid = UNSET
        else:
            taxid = self.taxid

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if taxid is not UNSET:
            field_dict["taxid"] = taxid

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_taxid(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        taxid = _parse_taxid(d.pop("taxid", UNSET))

        host = cls(
            name=name,
            taxid=taxid,
        )

        return host
