from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.part_view import PartView
from ...models.problem import Problem
from ...models.reason_code import ReasonCode
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    reason_code: ReasonCode | Unset = UNSET,
    reason: str | Unset = UNSET,
    comment: str | Unset = UNSET,
    if_match: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["If-Match"] = if_match

    params: dict[str, Any] = {}

    json_reason_code: str | Unset = UNSET
    if not isinstance(reason_code, Unset):
        json_reason_code = reason_code.value

    params["reason_code"] = json_reason_code

    params["reason"] = reason

    params["comment"] = comment

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/parts/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PartView | Problem | None:
    if response.status_code == 200:
        response_200 = PartView.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 428:
        response_428 = Problem.from_dict(response.json())

        return response_428

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PartView | Problem]:
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
    reason_code: ReasonCode | Unset = UNSET,
    reason: str | Unset = UNSET,
    comment: str | Unset = UNSET,
    if_match: str,
) -> Response[PartView | Problem]:
    """Withdraw a part. It stays readable (status `withdrawn`) but leaves lists and duplicate checks.

    Args:
        id (str):
        reason_code (ReasonCode | Unset): Why a record is sent back, rejected or withdrawn.
        reason (str | Unset):
        comment (str | Unset):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PartView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        reason_code=reason_code,
        reason=reason,
        comment=comment,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    reason_code: ReasonCode | Unset = UNSET,
    reason: str | Unset = UNSET,
    comment: str | Unset = UNSET,
    if_match: str,
) -> PartView | Problem | None:
    """Withdraw a part. It stays readable (status `withdrawn`) but leaves lists and duplicate checks.

    Args:
        id (str):
        reason_code (ReasonCode | Unset): Why a record is sent back, rejected or withdrawn.
        reason (str | Unset):
        comment (str | Unset):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PartView | Problem
    """

    return sync_detailed(
        id=id,
        client=client,
        reason_code=reason_code,
        reason=reason,
        comment=comment,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    reason_code: ReasonCode | Unset = UNSET,
    reason: str | Unset = UNSET,
    comment: str | Unset = UNSET,
    if_match: str,
) -> Response[PartView | Problem]:
    """Withdraw a part. It stays readable (status `withdrawn`) but leaves lists and duplicate checks.

    Args:
        id (str):
        reason_code (ReasonCode | Unset): Why a record is sent back, rejected or withdrawn.
        reason (str | Unset):
        comment (str | Unset):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PartView | Problem]
    """

    kwargs = _get_kwargs(
        id=id,
        reason_code=reason_code,
        reason=reason,
        comment=comment,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    reason_code: ReasonCode | Unset = UNSET,
    reason: str | Unset = UNSET,
    comment: str | Unset = UNSET,
    if_match: str,
) -> PartView | Problem | None:
    """Withdraw a part. It stays readable (status `withdrawn`) but leaves lists and duplicate checks.

    Args:
        id (str):
        reason_code (ReasonCode | Unset): Why a record is sent back, rejected or withdrawn.
        reason (str | Unset):
        comment (str | Unset):
        if_match (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PartView | Problem
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            reason_code=reason_code,
            reason=reason,
            comment=comment,
            if_match=if_match,
        )
    ).parsed
