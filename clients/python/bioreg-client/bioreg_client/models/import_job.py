from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_format import ImportFormat
from ..models.import_kind import ImportKind
from ..models.job_state import JobState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_error import ImportError_
    from ..models.import_progress import ImportProgress
    from ..models.imported_record import ImportedRecord
    from ..models.problem import Problem
    from ..models.user_ref import UserRef


T = TypeVar("T", bound="ImportJob")


@_attrs_define
class ImportJob:
    """An import with its report: the job's fields, and once it has ended every record and problem
    (the fields of [`ImportReport`]).

        Attributes:
            created_at (datetime.datetime):
            dry_run (bool):
            format_ (ImportFormat): File formats an import reads.
            id (UUID): Key of a stored import.
            kind (ImportKind): What a file holds.
            progress (ImportProgress): How far an import got.
            sha256 (str): `sha256:<hex>` of the file.
            state (JobState): Where an import is.
            stored (bool): Whether the records were stored (a `succeeded` import that is not a dry run).
            errors (list[ImportError_]): Every problem found in the file.
            records (list[ImportedRecord]): Every record and what it became (empty until the import ends).
            created_by (None | Unset | UserRef):
            error (None | Problem | Unset):
            file_name (None | str | Unset):
            finished_at (datetime.datetime | None | Unset):
            started_at (datetime.datetime | None | Unset):
            imported_at (datetime.datetime | None | Unset):
            imported_by (None | str | Unset): Who imported it, and when (stored imports).
            warnings (list[ImportError_] | Unset):
    """

    created_at: datetime.datetime
    dry_run: bool
    format_: ImportFormat
    id: UUID
    kind: ImportKind
    progress: ImportProgress
    sha256: str
    state: JobState
    stored: bool
    errors: list[ImportError_]
    records: list[ImportedRecord]
    created_by: None | Unset | UserRef = UNSET
    error: None | Problem | Unset = UNSET
    file_name: None | str | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    imported_at: datetime.datetime | None | Unset = UNSET
    imported_by: None | str | Unset = UNSET
    warnings: list[ImportError_] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.problem import Problem  # noqa: PLC0415
        from ..models.user_ref import UserRef  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        dry_run = self.dry_run

        format_ = self.format_.value

        id = str(self.id)

        kind = self.kind.value

        progress = self.progress.to_dict()

        sha256 = self.sha256

        state = self.state.value

        stored = self.stored

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        created_by: dict[str, Any] | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        elif isinstance(self.created_by, UserRef):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, Problem):
            error = self.error.to_dict()
        else:
            error = self.error

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        imported_at: None | str | Unset
        if isinstance(self.imported_at, Unset):
            imported_at = UNSET
        elif isinstance(self.imported_at, datetime.datetime):
            imported_at = self.imported_at.isoformat()
        else:
            imported_at = self.imported_at

        imported_by: None | str | Unset
        if isinstance(self.imported_by, Unset):
            imported_by = UNSET
        else:
            imported_by = self.imported_by

        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "dry_run": dry_run,
                "format": format_,
                "id": id,
                "kind": kind,
                "progress": progress,
                "sha256": sha256,
                "state": state,
                "stored": stored,
                "errors": errors,
                "records": records,
            }
        )
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if error is not UNSET:
            field_dict["error"] = error
        if file_name is not UNSET:
            field_dict["file_name"] = file_name
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if imported_at is not UNSET:
            field_dict["imported_at"] = imported_at
        if imported_by is not UNSET:
            field_dict["imported_by"] = imported_by
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_error import ImportError_  # noqa: PLC0415
        from ..models.import_progress import ImportProgress  # noqa: PLC0415
        from ..models.imported_record import ImportedRecord  # noqa: PLC0415
        from ..models.problem import Problem  # noqa: PLC0415
        from ..models.user_ref import UserRef  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        dry_run = d.pop("dry_run")

        format_ = ImportFormat(d.pop("format"))

        id = UUID(d.pop("id"))

        kind = ImportKind(d.pop("kind"))

        progress = ImportProgress.from_dict(d.pop("progress"))

        sha256 = d.pop("sha256")

        state = JobState(d.pop("state"))

        stored = d.pop("stored")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = ImportError_.from_dict(errors_item_data)

            errors.append(errors_item)

        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = ImportedRecord.from_dict(records_item_data)

            records.append(records_item)

        def _parse_created_by(data: object) -> None | Unset | UserRef:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                created_by_type_1 = UserRef.from_dict(data)

                return created_by_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserRef, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        def _parse_error(data: object) -> None | Problem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = Problem.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Problem | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("file_name", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_imported_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                imported_at_type_0 = datetime.datetime.fromisoformat(data)

                return imported_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        imported_at = _parse_imported_at(d.pop("imported_at", UNSET))

        def _parse_imported_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        imported_by = _parse_imported_by(d.pop("imported_by", UNSET))

        _warnings = d.pop("warnings", UNSET)
        warnings: list[ImportError_] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = ImportError_.from_dict(warnings_item_data)

                warnings.append(warnings_item)

        import_job = cls(
            created_at=created_at,
            dry_run=dry_run,
            format_=format_,
            id=id,
            kind=kind,
            progress=progress,
            sha256=sha256,
            state=state,
            stored=stored,
            errors=errors,
            records=records,
            created_by=created_by,
            error=error,
            file_name=file_name,
            finished_at=finished_at,
            started_at=started_at,
            imported_at=imported_at,
            imported_by=imported_by,
            warnings=warnings,
        )

        import_job.additional_properties = d
        return import_job

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
