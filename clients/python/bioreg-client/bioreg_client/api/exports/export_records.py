import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_kind import ExportKind
from ...models.export_records_response_200_item import ExportRecordsResponse200Item
from ...models.format_ import Format
from ...models.molecule_type import MoleculeType
from ...models.organism_type import OrganismType
from ...models.problem import Problem
from ...models.topology import Topology
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: ExportKind | Unset = UNSET,
    format_: Format | Unset = UNSET,
    q: str | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    host_taxid: int | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    length_min: int | Unset = UNSET,
    length_max: int | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["q"] = q

    params["role"] = role

    json_molecule_type: str | Unset = UNSET
    if not isinstance(molecule_type, Unset):
        json_molecule_type = molecule_type.value

    params["molecule_type"] = json_molecule_type

    json_topology: str | Unset = UNSET
    if not isinstance(topology, Unset):
        json_topology = topology.value

    params["topology"] = json_topology

    params["host_taxid"] = host_taxid

    params["tag"] = tag

    params["owner_org"] = owner_org

    params["length_min"] = length_min

    params["length_max"] = length_max

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    params["taxid"] = taxid

    json_organism_type: str | Unset = UNSET
    if not isinstance(organism_type, Unset):
        json_organism_type = organism_type.value

    params["organism_type"] = json_organism_type

    params["risk_group"] = risk_group

    params["carries_part"] = carries_part

    params["has_samples"] = has_samples

    params["include_withdrawn"] = include_withdrawn

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/exports",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | list[ExportRecordsResponse200Item] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = ExportRecordsResponse200Item.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | Problem | list[ExportRecordsResponse200Item]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: ExportKind | Unset = UNSET,
    format_: Format | Unset = UNSET,
    q: str | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    host_taxid: int | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    length_min: int | Unset = UNSET,
    length_max: int | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Response[Any | Problem | list[ExportRecordsResponse200Item]]:
    """Export every matching part or strain the caller may see as one file (oldest first).

    Args:
        kind (ExportKind | Unset): What an export holds.
        format_ (Format | Unset): A file format parts are written in.
        q (str | Unset):
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        host_taxid (int | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        length_min (int | Unset):
        length_max (int | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | list[ExportRecordsResponse200Item]]
    """

    kwargs = _get_kwargs(
        kind=kind,
        format_=format_,
        q=q,
        role=role,
        molecule_type=molecule_type,
        topology=topology,
        host_taxid=host_taxid,
        tag=tag,
        owner_org=owner_org,
        length_min=length_min,
        length_max=length_max,
        created_after=created_after,
        created_before=created_before,
        taxid=taxid,
        organism_type=organism_type,
        risk_group=risk_group,
        carries_part=carries_part,
        has_samples=has_samples,
        include_withdrawn=include_withdrawn,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    kind: ExportKind | Unset = UNSET,
    format_: Format | Unset = UNSET,
    q: str | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    host_taxid: int | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    length_min: int | Unset = UNSET,
    length_max: int | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Any | Problem | list[ExportRecordsResponse200Item] | None:
    """Export every matching part or strain the caller may see as one file (oldest first).

    Args:
        kind (ExportKind | Unset): What an export holds.
        format_ (Format | Unset): A file format parts are written in.
        q (str | Unset):
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        host_taxid (int | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        length_min (int | Unset):
        length_max (int | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | list[ExportRecordsResponse200Item]
    """

    return sync_detailed(
        client=client,
        kind=kind,
        format_=format_,
        q=q,
        role=role,
        molecule_type=molecule_type,
        topology=topology,
        host_taxid=host_taxid,
        tag=tag,
        owner_org=owner_org,
        length_min=length_min,
        length_max=length_max,
        created_after=created_after,
        created_before=created_before,
        taxid=taxid,
        organism_type=organism_type,
        risk_group=risk_group,
        carries_part=carries_part,
        has_samples=has_samples,
        include_withdrawn=include_withdrawn,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: ExportKind | Unset = UNSET,
    format_: Format | Unset = UNSET,
    q: str | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    host_taxid: int | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    length_min: int | Unset = UNSET,
    length_max: int | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Response[Any | Problem | list[ExportRecordsResponse200Item]]:
    """Export every matching part or strain the caller may see as one file (oldest first).

    Args:
        kind (ExportKind | Unset): What an export holds.
        format_ (Format | Unset): A file format parts are written in.
        q (str | Unset):
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        host_taxid (int | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        length_min (int | Unset):
        length_max (int | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | list[ExportRecordsResponse200Item]]
    """

    kwargs = _get_kwargs(
        kind=kind,
        format_=format_,
        q=q,
        role=role,
        molecule_type=molecule_type,
        topology=topology,
        host_taxid=host_taxid,
        tag=tag,
        owner_org=owner_org,
        length_min=length_min,
        length_max=length_max,
        created_after=created_after,
        created_before=created_before,
        taxid=taxid,
        organism_type=organism_type,
        risk_group=risk_group,
        carries_part=carries_part,
        has_samples=has_samples,
        include_withdrawn=include_withdrawn,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: ExportKind | Unset = UNSET,
    format_: Format | Unset = UNSET,
    q: str | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    host_taxid: int | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    length_min: int | Unset = UNSET,
    length_max: int | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Any | Problem | list[ExportRecordsResponse200Item] | None:
    """Export every matching part or strain the caller may see as one file (oldest first).

    Args:
        kind (ExportKind | Unset): What an export holds.
        format_ (Format | Unset): A file format parts are written in.
        q (str | Unset):
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        host_taxid (int | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        length_min (int | Unset):
        length_max (int | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | list[ExportRecordsResponse200Item]
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            format_=format_,
            q=q,
            role=role,
            molecule_type=molecule_type,
            topology=topology,
            host_taxid=host_taxid,
            tag=tag,
            owner_org=owner_org,
            length_min=length_min,
            length_max=length_max,
            created_after=created_after,
            created_before=created_before,
            taxid=taxid,
            organism_type=organism_type,
            risk_group=risk_group,
            carries_part=carries_part,
            has_samples=has_samples,
            include_withdrawn=include_withdrawn,
        )
    ).parsed
