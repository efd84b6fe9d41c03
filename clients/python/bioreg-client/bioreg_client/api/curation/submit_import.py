from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_outcome import BatchOutcome
from ...models.problem import Problem
from ...models.submit_import_request import SubmitImportRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    body: None | SubmitImportRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/imports/{id}/submit".format(
            id=quote(str(id), safe=""),
        ),
    }

    if isinstance(body, SubmitImportRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BatchOutcome | Problem | None:
    if response.status_code == 200:
        response_200 = BatchOutcome.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[BatchOutcome | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | SubmitImportRequest | Unset = UNSET,
) -> Response[BatchOutcome | Problem]:
    """Submit every draft of an import (and every record of it sent back for changes) for review, in
    one call: a submitter of the import's organisation, under the rules of a single submission
    (strains without the MIRRI-IS fields are `refused` and listed). At most
    `BIOREG_BATCH_MAX_RECORDS` records a call; `remaining` says how many are left for the next.

    Args:
        id (str):
        body (None | SubmitImportRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOutcome | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | SubmitImportRequest | Unset = UNSET,
) -> BatchOutcome | Problem | None:
    """Submit every draft of an import (and every record of it sent back for changes) for review, in
    one call: a submitter of the import's organisation, under the rules of a single submission
    (strains without the MIRRI-IS fields are `refused` and listed). At most
    `BIOREG_BATCH_MAX_RECORDS` records a call; `remaining` says how many are left for the next.

    Args:
        id (str):
        body (None | SubmitImportRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOutcome | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | SubmitImportRequest | Unset = UNSET,
) -> Response[BatchOutcome | Problem]:
    """Submit every draft of an import (and every record of it sent back for changes) for review, in
    one call: a submitter of the import's organisation, under the rules of a single submission
    (strains without the MIRRI-IS fields are `refused` and listed). At most
    `BIOREG_BATCH_MAX_RECORDS` records a call; `remaining` says how many are left for the next.

    Args:
        id (str):
        body (None | SubmitImportRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOutcome | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: None | SubmitImportRequest | Unset = UNSET,
) -> BatchOutcome | Problem | None:
    """Submit every draft of an import (and every record of it sent back for changes) for review, in
    one call: a submitter of the import's organisation, under the rules of a single submission
    (strains without the MIRRI-IS fields are `refused` and listed). At most
    `BIOREG_BATCH_MAX_RECORDS` records a call; `remaining` says how many are left for the next.

    Args:
        id (str):
        body (None | SubmitImportRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOutcome | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
