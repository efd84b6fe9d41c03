from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.organization_kind import OrganizationKind

T = TypeVar("T", bound="CreateOrganization")


@_attrs_define
class CreateOrganization:
    """
    Attributes:
        kind (OrganizationKind): What kind of body an organisation is.
        name (str):
        slug (str): 1-63 lowercase letters, digits or hyphens.
    """

    kind: OrganizationKind
    name: str
    slug: str

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        slug = self.slug

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
                "slug": slug,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = OrganizationKind(d.pop("kind"))

        name = d.pop("name")

        slug = d.pop("slug")

        create_organization = cls(
            kind=kind,
            name=name,
            slug=slug,
        )

        return create_organization
