from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.existing_record import ExistingRecord
    from ..models.field_error import FieldError
    from ..models.problem_report_type_0 import ProblemReportType0


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """RFC 9457 problem details, the body of every error response.

    Example:
        {'detail': 'field `role`: unknown variant `boss`, expected one of `admin`, `curator`, `submitter`, `reader`',
            'errors': [{'field': 'role', 'message': 'unknown variant `boss`, expected one of `admin`, `curator`,
            `submitter`, `reader`'}], 'status': 422, 'title': 'Unprocessable Content', 'type':
            'urn:bioreg:problem:validation'}

    Attributes:
        detail (str): What went wrong with this request, naming the offending field, record or line.
        status (int): The HTTP status code.
        title (str): Short summary of the kind of problem (the HTTP reason phrase).
        type_ (str): A URI naming the kind of problem: `urn:bioreg:problem:<kind>` (see docs/api-design.md).
        errors (list[FieldError] | Unset): Every invalid field, when the request was refused for its content.
        existing (ExistingRecord | None | Unset):
        report (None | ProblemReportType0 | Unset): For a refused import: the whole report (every record and what it
            would have become).
    """

    detail: str
    status: int
    title: str
    type_: str
    errors: list[FieldError] | Unset = UNSET
    existing: ExistingRecord | None | Unset = UNSET
    report: None | ProblemReportType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.existing_record import ExistingRecord  # noqa: PLC0415
        from ..models.problem_report_type_0 import ProblemReportType0  # noqa: PLC0415

        detail = self.detail

        status = self.status

        title = self.title

        type_ = self.type_

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        existing: dict[str, Any] | None | Unset
        if isinstance(self.existing, Unset):
            existing = UNSET
        elif isinstance(self.existing, ExistingRecord):
            existing = self.existing.to_dict()
        else:
            existing = self.existing

        report: dict[str, Any] | None | Unset
        if isinstance(self.report, Unset):
            report = UNSET
        elif isinstance(self.report, ProblemReportType0):
            report = self.report.to_dict()
        else:
            report = self.report

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "detail": detail,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if errors is not UNSET:
            field_dict["errors"] = errors
        if existing is not UNSET:
            field_dict["existing"] = existing
        if report is not UNSET:
            field_dict["report"] = report

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.existing_record import ExistingRecord  # noqa: PLC0415
        from ..models.field_error import FieldError  # noqa: PLC0415
        from ..models.problem_report_type_0 import ProblemReportType0  # noqa: PLC0415

        d = dict(src_dict)
        detail = d.pop("detail")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        def _parse_existing(data: object) -> ExistingRecord | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                existing_type_1 = ExistingRecord.from_dict(data)

                return existing_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ExistingRecord | None | Unset, data)

        existing = _parse_existing(d.pop("existing", UNSET))

        def _parse_report(data: object) -> None | ProblemReportType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                report_type_0 = ProblemReportType0.from_dict(data)

                return report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProblemReportType0 | Unset, data)

        report = _parse_report(d.pop("report", UNSET))

        problem = cls(
            detail=detail,
            status=status,
            title=title,
            type_=type_,
            errors=errors,
            existing=existing,
            report=report,
        )

        problem.additional_properties = d
        return problem

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
