from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.molecule_type import MoleculeType
from ..models.topology import Topology
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartFilters")


@_attrs_define
class PartFilters:
    """The record filters of the part list, also accepted by sequence search.

    Attributes:
        created_after (datetime.datetime | None | Unset): Only records registered after this time (RFC 3339, exclusive).
        created_before (datetime.datetime | None | Unset): Only records registered before this time (RFC 3339,
            exclusive).
        host_taxid (int | None | Unset): Only parts meant for this host (NCBI Taxonomy id).
        length_max (int | None | Unset):
        length_min (int | None | Unset):
        molecule_type (MoleculeType | None | Unset):
        owner_org (None | str | Unset): Owning organisation, by slug or id.
        q (None | str | Unset): Text search, ignoring case. A part matches when `q` is its accession, its name or an
            alias (best), when `q` is part of one of those (`q` needs 3 letters or digits in a row
            for this), or when every word of `q` is a word of its accession, name, aliases or
            description. Results come best first, then in order of registration (`sort=relevance`,
            the default with `q`); another `sort` keeps `q` as a filter. At most 256 characters.
        role (None | str | Unset): Sequence Ontology id or label of the role.
        tag (None | str | Unset):
        topology (None | Topology | Unset):
    """

    created_after: datetime.datetime | None | Unset = UNSET
    created_before: datetime.datetime | None | Unset = UNSET
    host_taxid: int | None | Unset = UNSET
    length_max: int | None | Unset = UNSET
    length_min: int | None | Unset = UNSET
    molecule_type: MoleculeType | None | Unset = UNSET
    owner_org: None | str | Unset = UNSET
    q: None | str | Unset = UNSET
    role: None | str | Unset = UNSET
    tag: None | str | Unset = UNSET
    topology: None | Topology | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        created_after: None | str | Unset
        if isinstance(self.created_after, Unset):
            created_after = UNSET
        elif isinstance(self.created_after, datetime.datetime):
            created_after = self.created_after.isoformat()
        else:
            created_after = self.created_after

        created_before: None | str | Unset
        if isinstance(self.created_before, Unset):
            created_before = UNSET
        elif isinstance(self.created_before, datetime.datetime):
            created_before = self.created_before.isoformat()
        else:
            created_before = self.created_before

        host_taxid: int | None | Unset
        if isinstance(self.host_taxid, Unset):
            host_taxid = UNSET
        else:
            host_taxid = self.host_taxid

        length_max: int | None | Unset
        if isinstance(self.length_max, Unset):
            length_max = UNSET
        else:
            length_max = self.length_max

        length_min: int | None | Unset
        if isinstance(self.length_min, Unset):
            length_min = UNSET
        else:
            length_min = self.length_min

        molecule_type: None | str | Unset
        if isinstance(self.molecule_type, Unset):
            molecule_type = UNSET
        elif isinstance(self.molecule_type, MoleculeType):
            molecule_type = self.molecule_type.value
        else:
            molecule_type = self.molecule_type

        owner_org: None | str | Unset
        if isinstance(self.owner_org, Unset):
            owner_org = UNSET
        else:
            owner_org = self.owner_org

        q: None | str | Unset
        if isinstance(self.q, Unset):
            q = UNSET
        else:
            q = self.q

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        tag: None | str | Unset
        if isinstance(self.tag, Unset):
            tag = UNSET
        else:
            tag = self.tag

        topology: None | str | Unset
        if isinstance(self.topology, Unset):
            topology = UNSET
        elif isinstance(self.topology, Topology):
            topology = self.topology.value
        else:
            topology = self.topology

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if created_after is not UNSET:
            field_dict["created_after"] = created_after
        if created_before is not UNSET:
            field_dict["created_before"] = created_before
        if host_taxid is not UNSET:
            field_dict["host_taxid"] = host_taxid
        if length_max is not UNSET:
            field_dict["length_max"] = length_max
        if length_min is not UNSET:
            field_dict["length_min"] = length_min
        if molecule_type is not UNSET:
            field_dict["molecule_type"] = molecule_type
        if owner_org is not UNSET:
            field_dict["owner_org"] = owner_org
        if q is not UNSET:
            field_dict["q"] = q
        if role is not UNSET:
            field_dict["role"] = role
        if tag is not UNSET:
            field_dict["tag"] = tag
        if topology is not UNSET:
            field_dict["topology"] = topology

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_created_after(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_after_type_0 = datetime.datetime.fromisoformat(data)

                return created_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_after = _parse_created_after(d.pop("created_after", UNSET))

        def _parse_created_before(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_before_type_0 = datetime.datetime.fromisoformat(data)

                return created_before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_before = _parse_created_before(d.pop("created_before", UNSET))

        def _parse_host_taxid(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        host_taxid = _parse_host_taxid(d.pop("host_taxid", UNSET))

        def _parse_length_max(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        length_max = _parse_length_max(d.pop("length_max", UNSET))

        def _parse_length_min(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        length_min = _parse_length_min(d.pop("length_min", UNSET))

        def _parse_molecule_type(data: object) -> MoleculeType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                molecule_type_type_1 = MoleculeType(data)

                return molecule_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoleculeType | None | Unset, data)

        molecule_type = _parse_molecule_type(d.pop("molecule_type", UNSET))

        def _parse_owner_org(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        owner_org = _parse_owner_org(d.pop("owner_org", UNSET))

        def _parse_q(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        q = _parse_q(d.pop("q", UNSET))

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        def _parse_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tag = _parse_tag(d.pop("tag", UNSET))

        def _parse_topology(data: object) -> None | Topology | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                topology_type_1 = Topology(data)

                return topology_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Topology | Unset, data)

        topology = _parse_topology(d.pop("topology", UNSET))

        part_filters = cls(
            created_after=created_after,
            created_before=created_before,
            host_taxid=host_taxid,
            length_max=length_max,
            length_min=length_min,
            molecule_type=molecule_type,
            owner_org=owner_org,
            q=q,
            role=role,
            tag=tag,
            topology=topology,
        )

        return part_filters
