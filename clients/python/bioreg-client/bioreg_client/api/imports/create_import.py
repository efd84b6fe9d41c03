from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.duplicates_switch import DuplicatesSwitch
from ...models.import_form import ImportForm
from ...models.import_format import ImportFormat
from ...models.import_job import ImportJob
from ...models.import_kind import ImportKind
from ...models.import_report import ImportReport
from ...models.molecule_type import MoleculeType
from ...models.problem import Problem
from ...models.topology import Topology
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: File | ImportForm | Unset = UNSET,
    kind: ImportKind | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    allow_duplicate: bool | Unset = UNSET,
    duplicates: DuplicatesSwitch | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    file_name: str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(prefer, Unset):
        headers["Prefer"] = prefer

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params["dry_run"] = dry_run

    params["allow_duplicate"] = allow_duplicate

    json_duplicates: str | Unset = UNSET
    if not isinstance(duplicates, Unset):
        json_duplicates = duplicates.value

    params["duplicates"] = json_duplicates

    params["role"] = role

    json_molecule_type: str | Unset = UNSET
    if not isinstance(molecule_type, Unset):
        json_molecule_type = molecule_type.value

    params["molecule_type"] = json_molecule_type

    json_topology: str | Unset = UNSET
    if not isinstance(topology, Unset):
        json_topology = topology.value

    params["topology"] = json_topology

    params["file_name"] = file_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/imports",
        "params": params,
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/octet-stream"
    if isinstance(body, ImportForm):
        _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportJob | ImportReport | Problem | None:
    if response.status_code == 200:
        response_200 = ImportReport.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ImportJob.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = ImportJob.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[ImportJob | ImportReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: File | ImportForm | Unset = UNSET,
    kind: ImportKind | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    allow_duplicate: bool | Unset = UNSET,
    duplicates: DuplicatesSwitch | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    file_name: str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ImportJob | ImportReport | Problem]:
    """Import parts from a GenBank, FASTA, SBOL3 or CSV file, or strains from a CSV file: the request body,
    or the `file` field of a `multipart/form-data` form (its file name then names the import and,
    without `format`, its extension the format). All or nothing: every record is stored, or
    none; every problem is reported at once with its record, line and field. In a strains file a
    parent may be named by a strain registered in an earlier row.

     With `Prefer: respond-async`, or a file over `BIOREG_ASYNC_IMPORT_BYTES` (1 MiB), the import
    runs as a job in the background, outside the request timeout: 202 with the job, its URL in
    `Location`; follow it with `GET /api/v1/imports/{id}`. A job that finds problems in the file
    ends `failed` with the report listing them; nothing is stored. With an `Idempotency-Key`, a
    repeated request with the same file and options gives back the first import (200 once it
    has ended, 202 while it runs) instead of importing again.

    Args:
        kind (ImportKind | Unset): What a file holds.
        format_ (ImportFormat | Unset): File formats an import reads.
        dry_run (bool | Unset):
        allow_duplicate (bool | Unset):
        duplicates (DuplicatesSwitch | Unset): The old spelling of `allow_duplicate` on imports.
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        file_name (str | Unset):
        prefer (None | str | Unset):
        idempotency_key (None | str | Unset):
        body (File): An import file sent as the request body (documentation only: the handler
            reads the bytes).
        body (ImportForm): An import file sent from a form (`multipart/form-data`), as browsers
            do.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportJob | ImportReport | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        kind=kind,
        format_=format_,
        dry_run=dry_run,
        allow_duplicate=allow_duplicate,
        duplicates=duplicates,
        role=role,
        molecule_type=molecule_type,
        topology=topology,
        file_name=file_name,
        prefer=prefer,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: File | ImportForm | Unset = UNSET,
    kind: ImportKind | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    allow_duplicate: bool | Unset = UNSET,
    duplicates: DuplicatesSwitch | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    file_name: str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ImportJob | ImportReport | Problem | None:
    """Import parts from a GenBank, FASTA, SBOL3 or CSV file, or strains from a CSV file: the request body,
    or the `file` field of a `multipart/form-data` form (its file name then names the import and,
    without `format`, its extension the format). All or nothing: every record is stored, or
    none; every problem is reported at once with its record, line and field. In a strains file a
    parent may be named by a strain registered in an earlier row.

     With `Prefer: respond-async`, or a file over `BIOREG_ASYNC_IMPORT_BYTES` (1 MiB), the import
    runs as a job in the background, outside the request timeout: 202 with the job, its URL in
    `Location`; follow it with `GET /api/v1/imports/{id}`. A job that finds problems in the file
    ends `failed` with the report listing them; nothing is stored. With an `Idempotency-Key`, a
    repeated request with the same file and options gives back the first import (200 once it
    has ended, 202 while it runs) instead of importing again.

    Args:
        kind (ImportKind | Unset): What a file holds.
        format_ (ImportFormat | Unset): File formats an import reads.
        dry_run (bool | Unset):
        allow_duplicate (bool | Unset):
        duplicates (DuplicatesSwitch | Unset): The old spelling of `allow_duplicate` on imports.
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        file_name (str | Unset):
        prefer (None | str | Unset):
        idempotency_key (None | str | Unset):
        body (File): An import file sent as the request body (documentation only: the handler
            reads the bytes).
        body (ImportForm): An import file sent from a form (`multipart/form-data`), as browsers
            do.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportJob | ImportReport | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        kind=kind,
        format_=format_,
        dry_run=dry_run,
        allow_duplicate=allow_duplicate,
        duplicates=duplicates,
        role=role,
        molecule_type=molecule_type,
        topology=topology,
        file_name=file_name,
        prefer=prefer,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: File | ImportForm | Unset = UNSET,
    kind: ImportKind | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    allow_duplicate: bool | Unset = UNSET,
    duplicates: DuplicatesSwitch | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    file_name: str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ImportJob | ImportReport | Problem]:
    """Import parts from a GenBank, FASTA, SBOL3 or CSV file, or strains from a CSV file: the request body,
    or the `file` field of a `multipart/form-data` form (its file name then names the import and,
    without `format`, its extension the format). All or nothing: every record is stored, or
    none; every problem is reported at once with its record, line and field. In a strains file a
    parent may be named by a strain registered in an earlier row.

     With `Prefer: respond-async`, or a file over `BIOREG_ASYNC_IMPORT_BYTES` (1 MiB), the import
    runs as a job in the background, outside the request timeout: 202 with the job, its URL in
    `Location`; follow it with `GET /api/v1/imports/{id}`. A job that finds problems in the file
    ends `failed` with the report listing them; nothing is stored. With an `Idempotency-Key`, a
    repeated request with the same file and options gives back the first import (200 once it
    has ended, 202 while it runs) instead of importing again.

    Args:
        kind (ImportKind | Unset): What a file holds.
        format_ (ImportFormat | Unset): File formats an import reads.
        dry_run (bool | Unset):
        allow_duplicate (bool | Unset):
        duplicates (DuplicatesSwitch | Unset): The old spelling of `allow_duplicate` on imports.
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        file_name (str | Unset):
        prefer (None | str | Unset):
        idempotency_key (None | str | Unset):
        body (File): An import file sent as the request body (documentation only: the handler
            reads the bytes).
        body (ImportForm): An import file sent from a form (`multipart/form-data`), as browsers
            do.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportJob | ImportReport | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        kind=kind,
        format_=format_,
        dry_run=dry_run,
        allow_duplicate=allow_duplicate,
        duplicates=duplicates,
        role=role,
        molecule_type=molecule_type,
        topology=topology,
        file_name=file_name,
        prefer=prefer,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: File | ImportForm | Unset = UNSET,
    kind: ImportKind | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    dry_run: bool | Unset = UNSET,
    allow_duplicate: bool | Unset = UNSET,
    duplicates: DuplicatesSwitch | Unset = UNSET,
    role: str | Unset = UNSET,
    molecule_type: MoleculeType | Unset = UNSET,
    topology: Topology | Unset = UNSET,
    file_name: str | Unset = UNSET,
    prefer: None | str | Unset = UNSET,
    idempotency_key: None | str | Unset = UNSET,
) -> ImportJob | ImportReport | Problem | None:
    """Import parts from a GenBank, FASTA, SBOL3 or CSV file, or strains from a CSV file: the request body,
    or the `file` field of a `multipart/form-data` form (its file name then names the import and,
    without `format`, its extension the format). All or nothing: every record is stored, or
    none; every problem is reported at once with its record, line and field. In a strains file a
    parent may be named by a strain registered in an earlier row.

     With `Prefer: respond-async`, or a file over `BIOREG_ASYNC_IMPORT_BYTES` (1 MiB), the import
    runs as a job in the background, outside the request timeout: 202 with the job, its URL in
    `Location`; follow it with `GET /api/v1/imports/{id}`. A job that finds problems in the file
    ends `failed` with the report listing them; nothing is stored. With an `Idempotency-Key`, a
    repeated request with the same file and options gives back the first import (200 once it
    has ended, 202 while it runs) instead of importing again.

    Args:
        kind (ImportKind | Unset): What a file holds.
        format_ (ImportFormat | Unset): File formats an import reads.
        dry_run (bool | Unset):
        allow_duplicate (bool | Unset):
        duplicates (DuplicatesSwitch | Unset): The old spelling of `allow_duplicate` on imports.
        role (str | Unset):
        molecule_type (MoleculeType | Unset): What a sequence is made of.
        topology (Topology | Unset): Whether the molecule's ends are joined.
        file_name (str | Unset):
        prefer (None | str | Unset):
        idempotency_key (None | str | Unset):
        body (File): An import file sent as the request body (documentation only: the handler
            reads the bytes).
        body (ImportForm): An import file sent from a form (`multipart/form-data`), as browsers
            do.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportJob | ImportReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            kind=kind,
            format_=format_,
            dry_run=dry_run,
            allow_duplicate=allow_duplicate,
            duplicates=duplicates,
            role=role,
            molecule_type=molecule_type,
            topology=topology,
            file_name=file_name,
            prefer=prefer,
            idempotency_key=idempotency_key,
        )
    ).parsed
