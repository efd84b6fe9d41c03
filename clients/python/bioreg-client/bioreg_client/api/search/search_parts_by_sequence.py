from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.sequence_search_request import SequenceSearchRequest
from ...models.sequence_search_results import SequenceSearchResults
from ...types import Response


def _get_kwargs(
    *,
    body: SequenceSearchRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/search/sequence",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SequenceSearchResults | None:
    if response.status_code == 200:
        response_200 = SequenceSearchResults.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[Problem | SequenceSearchResults]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SequenceSearchRequest,
) -> Response[Problem | SequenceSearchResults]:
    """Search the sequences of the parts the caller may see.

    Args:
        body (SequenceSearchRequest): A sequence search. Example: {'max_differences': 2, 'mode':
            'approximate', 'sequence': 'TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SequenceSearchResults]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SequenceSearchRequest,
) -> Problem | SequenceSearchResults | None:
    """Search the sequences of the parts the caller may see.

    Args:
        body (SequenceSearchRequest): A sequence search. Example: {'max_differences': 2, 'mode':
            'approximate', 'sequence': 'TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SequenceSearchResults
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SequenceSearchRequest,
) -> Response[Problem | SequenceSearchResults]:
    """Search the sequences of the parts the caller may see.

    Args:
        body (SequenceSearchRequest): A sequence search. Example: {'max_differences': 2, 'mode':
            'approximate', 'sequence': 'TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SequenceSearchResults]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SequenceSearchRequest,
) -> Problem | SequenceSearchResults | None:
    """Search the sequences of the parts the caller may see.

    Args:
        body (SequenceSearchRequest): A sequence search. Example: {'max_differences': 2, 'mode':
            'approximate', 'sequence': 'TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SequenceSearchResults
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
