from http import HTTPStatus
from typing import Any, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.queue_kind import QueueKind
from ...models.queue_page import QueuePage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: QueueKind | Unset = UNSET,
    organization: str | Unset = UNSET,
    import_: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    params["organization"] = organization

    json_import_: str | Unset = UNSET
    if not isinstance(import_, Unset):
        json_import_ = str(import_)
    params["import"] = json_import_

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/reviews/queue",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | QueuePage | None:
    if response.status_code == 200:
        response_200 = QueuePage.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Any | Problem | QueuePage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: QueueKind | Unset = UNSET,
    organization: str | Unset = UNSET,
    import_: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Any | Problem | QueuePage]:
    """Submitted records waiting for a curator, oldest first.

    Args:
        kind (QueueKind | Unset):
        organization (str | Unset):
        import_ (UUID | Unset): Key of a stored import.
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | QueuePage]
    """

    kwargs = _get_kwargs(
        kind=kind,
        organization=organization,
        import_=import_,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    kind: QueueKind | Unset = UNSET,
    organization: str | Unset = UNSET,
    import_: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Any | Problem | QueuePage | None:
    """Submitted records waiting for a curator, oldest first.

    Args:
        kind (QueueKind | Unset):
        organization (str | Unset):
        import_ (UUID | Unset): Key of a stored import.
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | QueuePage
    """

    return sync_detailed(
        client=client,
        kind=kind,
        organization=organization,
        import_=import_,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: QueueKind | Unset = UNSET,
    organization: str | Unset = UNSET,
    import_: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Any | Problem | QueuePage]:
    """Submitted records waiting for a curator, oldest first.

    Args:
        kind (QueueKind | Unset):
        organization (str | Unset):
        import_ (UUID | Unset): Key of a stored import.
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | QueuePage]
    """

    kwargs = _get_kwargs(
        kind=kind,
        organization=organization,
        import_=import_,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: QueueKind | Unset = UNSET,
    organization: str | Unset = UNSET,
    import_: UUID | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Any | Problem | QueuePage | None:
    """Submitted records waiting for a curator, oldest first.

    Args:
        kind (QueueKind | Unset):
        organization (str | Unset):
        import_ (UUID | Unset): Key of a stored import.
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | QueuePage
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            organization=organization,
            import_=import_,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
