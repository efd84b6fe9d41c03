from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.organization_ref import OrganizationRef


T = TypeVar("T", bound="QueueCount")


@_attrs_define
class QueueCount:
    """The review queue of one organisation: how many parts and strains wait.

    Attributes:
        organization (OrganizationRef):
        parts (int):
        strains (int):
    """

    organization: OrganizationRef
    parts: int
    strains: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        organization = self.organization.to_dict()

        parts = self.parts

        strains = self.strains

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "organization": organization,
                "parts": parts,
                "strains": strains,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_ref import OrganizationRef  # noqa: PLC0415

        d = dict(src_dict)
        organization = OrganizationRef.from_dict(d.pop("organization"))

        parts = d.pop("parts")

        strains = d.pop("strains")

        queue_count = cls(
            organization=organization,
            parts=parts,
            strains=strains,
        )

        queue_count.additional_properties = d
        return queue_count

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
