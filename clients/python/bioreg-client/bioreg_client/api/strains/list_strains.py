import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.organism_type import OrganismType
from ...models.problem import Problem
from ...models.strain_page import StrainPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
    include: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["taxid"] = taxid

    json_organism_type: str | Unset = UNSET
    if not isinstance(organism_type, Unset):
        json_organism_type = organism_type.value

    params["organism_type"] = json_organism_type

    params["risk_group"] = risk_group

    params["carries_part"] = carries_part

    params["has_samples"] = has_samples

    params["tag"] = tag

    params["owner_org"] = owner_org

    params["limit"] = limit

    params["cursor"] = cursor

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    params["include_withdrawn"] = include_withdrawn

    params["include"] = include

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/strains",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | StrainPage | None:
    if response.status_code == 200:
        response_200 = StrainPage.from_dict(response.json())

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
) -> Response[Any | Problem | StrainPage]:
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
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
    include: str | Unset = UNSET,
) -> Response[Any | Problem | StrainPage]:
    """List and search strains, in registration order.

    Args:
        q (str | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        include_withdrawn (bool | Unset):
        include (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | StrainPage]
    """

    kwargs = _get_kwargs(
        q=q,
        taxid=taxid,
        organism_type=organism_type,
        risk_group=risk_group,
        carries_part=carries_part,
        has_samples=has_samples,
        tag=tag,
        owner_org=owner_org,
        limit=limit,
        cursor=cursor,
        created_after=created_after,
        created_before=created_before,
        include_withdrawn=include_withdrawn,
        include=include,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
    include: str | Unset = UNSET,
) -> Any | Problem | StrainPage | None:
    """List and search strains, in registration order.

    Args:
        q (str | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        include_withdrawn (bool | Unset):
        include (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | StrainPage
    """

    return sync_detailed(
        client=client,
        q=q,
        taxid=taxid,
        organism_type=organism_type,
        risk_group=risk_group,
        carries_part=carries_part,
        has_samples=has_samples,
        tag=tag,
        owner_org=owner_org,
        limit=limit,
        cursor=cursor,
        created_after=created_after,
        created_before=created_before,
        include_withdrawn=include_withdrawn,
        include=include,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
    include: str | Unset = UNSET,
) -> Response[Any | Problem | StrainPage]:
    """List and search strains, in registration order.

    Args:
        q (str | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        include_withdrawn (bool | Unset):
        include (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | StrainPage]
    """

    kwargs = _get_kwargs(
        q=q,
        taxid=taxid,
        organism_type=organism_type,
        risk_group=risk_group,
        carries_part=carries_part,
        has_samples=has_samples,
        tag=tag,
        owner_org=owner_org,
        limit=limit,
        cursor=cursor,
        created_after=created_after,
        created_before=created_before,
        include_withdrawn=include_withdrawn,
        include=include,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    taxid: int | Unset = UNSET,
    organism_type: OrganismType | Unset = UNSET,
    risk_group: int | Unset = UNSET,
    carries_part: str | Unset = UNSET,
    has_samples: bool | Unset = UNSET,
    tag: str | Unset = UNSET,
    owner_org: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    include_withdrawn: bool | Unset = UNSET,
    include: str | Unset = UNSET,
) -> Any | Problem | StrainPage | None:
    """List and search strains, in registration order.

    Args:
        q (str | Unset):
        taxid (int | Unset):
        organism_type (OrganismType | Unset):
        risk_group (int | Unset):
        carries_part (str | Unset):
        has_samples (bool | Unset):
        tag (str | Unset):
        owner_org (str | Unset):
        limit (int | Unset):
        cursor (str | Unset):
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        include_withdrawn (bool | Unset):
        include (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | StrainPage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            taxid=taxid,
            organism_type=organism_type,
            risk_group=risk_group,
            carries_part=carries_part,
            has_samples=has_samples,
            tag=tag,
            owner_org=owner_org,
            limit=limit,
            cursor=cursor,
            created_after=created_after,
            created_before=created_before,
            include_withdrawn=include_withdrawn,
            include=include,
        )
    ).parsed
