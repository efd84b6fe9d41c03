from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DepositStep")


@_attrs_define
class DepositStep:
    """One step of the deposit history, oldest first.

    Attributes:
        institute (None | str | Unset):
        person (None | str | Unset):
        year (int | None | Unset):
    """

    institute: None | str | Unset = UNSET
    person: None | str | Unset = UNSET
    year: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        institute: None | str | Unset
        if isinstance(self.institute, Unset):
            institute = UNSET
        else:
            institute = self.institute

        person: None | str | Unset
        if isinstance(self.person, Unset):
            person = UNSET
        else:
            person = self.person

        year: int | None | Unset
        if isinstance(self.year, Unset):
            year = UNSET
        else:
            year = self.year

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if institute is not UNSET:
            field_dict["institute"] = institute
        if person is not UNSET:
            field_dict["person"] = person
        if year is not UNSET:
            field_dict["year"] = year

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_institute(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        institute = _parse_institute(d.pop("institute", UNSET))

        def _parse_person(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        person = _parse_person(d.pop("person", UNSET))

        def _parse_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        year = _parse_year(d.pop("year", UNSET))

        deposit_step = cls(
            institute=institute,
            person=person,
            year=year,
        )

        return deposit_step
