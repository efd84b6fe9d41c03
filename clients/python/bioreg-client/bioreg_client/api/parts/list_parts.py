import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.molecule_type import MoleculeType
from ...models.part_page import PartPage
from ...models.problem import Problem
from ...models.topology import Topology
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
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
    sort: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    include: str | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    params["sort"] = sort

    params["limit"] = limit

    params["cursor"] = cursor

    params["include"] = include

    params["include_withdrawn"] = include_withdrawn

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/parts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | PartPage | Problem | None:
    if response.status_code == 200:
        response_200 = PartPage.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Any | PartPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
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
    sort: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    include: str | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Response[Any | PartPage | Problem]:
    """List and search parts.

    Args:
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
        sort (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        include (str | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PartPage | Problem]
    """

    kwargs = _get_kwargs(
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
        sort=sort,
        limit=limit,
        cursor=cursor,
        include=include,
        include_withdrawn=include_withdrawn,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
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
    sort: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    include: str | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Any | PartPage | Problem | None:
    """List and search parts.

    Args:
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
        sort (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        include (str | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PartPage | Problem
    """

    return sync_detailed(
        client=client,
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
        sort=sort,
        limit=limit,
        cursor=cursor,
        include=include,
        include_withdrawn=include_withdrawn,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
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
    sort: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    include: str | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Response[Any | PartPage | Problem]:
    """List and search parts.

    Args:
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
        sort (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        include (str | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PartPage | Problem]
    """

    kwargs = _get_kwargs(
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
        sort=sort,
        limit=limit,
        cursor=cursor,
        include=include,
        include_withdrawn=include_withdrawn,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
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
    sort: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    include: str | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
) -> Any | PartPage | Problem | None:
    """List and search parts.

    Args:
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
        sort (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        include (str | Unset):
        include_withdrawn (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PartPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
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
            sort=sort,
            limit=limit,
            cursor=cursor,
            include=include,
            include_withdrawn=include_withdrawn,
        )
    ).parsed
