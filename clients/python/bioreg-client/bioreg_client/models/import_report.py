from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_format import ImportFormat
from ..models.import_kind import ImportKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_error import ImportError_
    from ..models.imported_record import ImportedRecord


T = TypeVar("T", bound="ImportReport")


@_attrs_define
class ImportReport:
    """The outcome of an import.

    Attributes:
        dry_run (bool):
        errors (list[ImportError_]):
        format_ (ImportFormat): File formats an import reads.
        records (list[ImportedRecord]):
        sha256 (str): `sha256:<hex>` of the file.
        stored (bool): Whether the records were stored (never for a dry run or a file with problems).
        file_name (None | str | Unset):
        id (None | str | Unset): The stored import (`GET /api/v1/imports/{id}`); absent for dry runs and refused files.
        imported_at (datetime.datetime | None | Unset):
        imported_by (None | str | Unset): Who imported it, and when (stored imports).
        kind (ImportKind | Unset): What a file holds.
        warnings (list[ImportError_] | Unset): What was left out of records that were still imported, or kept as written
            (e.g. a GenBank
            feature located on another record, a LOCUS date out of GenBank's form, an SBOL3 feature whose
            Range lies outside its part's sequence), each with its record, line and field; warnings
            never refuse a file.
    """

    dry_run: bool
    errors: list[ImportError_]
    format_: ImportFormat
    records: list[ImportedRecord]
    sha256: str
    stored: bool
    file_name: None | str | Unset = UNSET
    id: None | str | Unset = UNSET
    imported_at: datetime.datetime | None | Unset = UNSET
    imported_by: None | str | Unset = UNSET
    kind: ImportKind | Unset = UNSET
    warnings: list[ImportError_] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dry_run = self.dry_run

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        format_ = self.format_.value

        records = []
        for records_item_data in self.records:
            records_item = records_item_data.to_dict()
            records.append(records_item)

        sha256 = self.sha256

        stored = self.stored

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

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

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

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
                "dry_run": dry_run,
                "errors": errors,
                "format": format_,
                "records": records,
                "sha256": sha256,
                "stored": stored,
            }
        )
        if file_name is not UNSET:
            field_dict["file_name"] = file_name
        if id is not UNSET:
            field_dict["id"] = id
        if imported_at is not UNSET:
            field_dict["imported_at"] = imported_at
        if imported_by is not UNSET:
            field_dict["imported_by"] = imported_by
        if kind is not UNSET:
            field_dict["kind"] = kind
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_error import ImportError_  # noqa: PLC0415
        from ..models.imported_record import ImportedRecord  # noqa: PLC0415

        d = dict(src_dict)
        dry_run = d.pop("dry_run")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = ImportError_.from_dict(errors_item_data)

            errors.append(errors_item)

        format_ = ImportFormat(d.pop("format"))

        records = []
        _records = d.pop("records")
        for records_item_data in _records:
            records_item = ImportedRecord.from_dict(records_item_data)

            records.append(records_item)

        sha256 = d.pop("sha256")

        stored = d.pop("stored")

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("file_name", UNSET))

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

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

        _kind = d.pop("kind", UNSET)
        kind: ImportKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = ImportKind(_kind)

        _warnings = d.pop("warnings", UNSET)
        warnings: list[ImportError_] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = ImportError_.from_dict(warnings_item_data)

                warnings.append(warnings_item)

        import_report = cls(
            dry_run=dry_run,
            errors=errors,
            format_=format_,
            records=records,
            sha256=sha256,
            stored=stored,
            file_name=file_name,
            id=id,
            imported_at=imported_at,
            imported_by=imported_by,
            kind=kind,
            warnings=warnings,
        )

        import_report.additional_properties = d
        return import_report

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
