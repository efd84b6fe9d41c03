from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_outcome import BatchOutcome
from ...models.batch_review_request import BatchReviewRequest
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    *,
    body: BatchReviewRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/reviews/batch",
    }

    _kwargs["json"] = body.to_dict()

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
    *,
    client: AuthenticatedClient,
    body: BatchReviewRequest,
) -> Response[BatchOutcome | Problem]:
    """Decide on many submitted records at once (curators): every submitted record of an import
    (`import`), or the records listed (`records`, at most 1,000), each exactly as a single review
    would decide it — its own review entry, audit event, curation state and, on approval, published
    revision — in one transaction. Records the curator created or last edited (four eyes), or whose
    references are unpublished (approve), are `refused`; records not submitted, or not found, are
    `skipped`; both are listed (the first 100) and counted, and stay as they were. At most
    `BIOREG_BATCH_MAX_RECORDS` (default 10,000) records are decided per call; `remaining` counts
    the import's submitted records the call did not reach, and repeating the call goes on.

    Args:
        body (BatchReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOutcome | Problem]
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
    body: BatchReviewRequest,
) -> BatchOutcome | Problem | None:
    """Decide on many submitted records at once (curators): every submitted record of an import
    (`import`), or the records listed (`records`, at most 1,000), each exactly as a single review
    would decide it — its own review entry, audit event, curation state and, on approval, published
    revision — in one transaction. Records the curator created or last edited (four eyes), or whose
    references are unpublished (approve), are `refused`; records not submitted, or not found, are
    `skipped`; both are listed (the first 100) and counted, and stay as they were. At most
    `BIOREG_BATCH_MAX_RECORDS` (default 10,000) records are decided per call; `remaining` counts
    the import's submitted records the call did not reach, and repeating the call goes on.

    Args:
        body (BatchReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOutcome | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BatchReviewRequest,
) -> Response[BatchOutcome | Problem]:
    """Decide on many submitted records at once (curators): every submitted record of an import
    (`import`), or the records listed (`records`, at most 1,000), each exactly as a single review
    would decide it — its own review entry, audit event, curation state and, on approval, published
    revision — in one transaction. Records the curator created or last edited (four eyes), or whose
    references are unpublished (approve), are `refused`; records not submitted, or not found, are
    `skipped`; both are listed (the first 100) and counted, and stay as they were. At most
    `BIOREG_BATCH_MAX_RECORDS` (default 10,000) records are decided per call; `remaining` counts
    the import's submitted records the call did not reach, and repeating the call goes on.

    Args:
        body (BatchReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BatchOutcome | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BatchReviewRequest,
) -> BatchOutcome | Problem | None:
    """Decide on many submitted records at once (curators): every submitted record of an import
    (`import`), or the records listed (`records`, at most 1,000), each exactly as a single review
    would decide it — its own review entry, audit event, curation state and, on approval, published
    revision — in one transaction. Records the curator created or last edited (four eyes), or whose
    references are unpublished (approve), are `refused`; records not submitted, or not found, are
    `skipped`; both are listed (the first 100) and counted, and stay as they were. At most
    `BIOREG_BATCH_MAX_RECORDS` (default 10,000) records are decided per call; `remaining` counts
    the import's submitted records the call did not reach, and repeating the call goes on.

    Args:
        body (BatchReviewRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BatchOutcome | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
