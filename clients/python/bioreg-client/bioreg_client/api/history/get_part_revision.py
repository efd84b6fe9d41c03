from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.revision_view import RevisionView
from ...types import Response


def _get_kwargs(
    id: str,
    n: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/parts/{id}/revisions/{n}".format(
            id=quote(str(id), safe=""),
            n=quote(str(n), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | RevisionView | None:
    if response.status_code == 200:
        response_200 = RevisionView.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Any | Problem | RevisionView]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    n: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem | RevisionView]:
    """A part as it was at a revision.

    Args:
        id (str):
        n (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | RevisionView]
    """

    kwargs = _get_kwargs(
        id=id,
        n=n,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    n: int,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | RevisionView | None:
    """A part as it was at a revision.

    Args:
        id (str):
        n (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | RevisionView
    """

    return sync_detailed(
        id=id,
        n=n,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: str,
    n: int,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem | RevisionView]:
    """A part as it was at a revision.

    Args:
        id (str):
        n (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | RevisionView]
    """

    kwargs = _get_kwargs(
        id=id,
        n=n,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    n: int,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | RevisionView | None:
    """A part as it was at a revision.

    Args:
        id (str):
        n (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | RevisionView
    """

    return (
        await asyncio_detailed(
            id=id,
            n=n,
            client=client,
        )
    ).parsed
