from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.decision import Decision
from ..models.queue_kind import QueueKind
from ..models.reason_code import ReasonCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_record import BatchRecord


T = TypeVar("T", bound="BatchReviewRequest")


@_attrs_define
class BatchReviewRequest:
    """
    Attributes:
        decision (Decision): A curator's decision on a submitted record.
        comment (None | str | Unset): One comment, kept in every record's review entry.
        import_ (None | Unset | UUID):
        kind (None | QueueKind | Unset):
        reason_code (None | ReasonCode | Unset):
        records (list[BatchRecord] | None | Unset): These records (1 to 1,000).
    """

    decision: Decision
    comment: None | str | Unset = UNSET
    import_: None | Unset | UUID = UNSET
    kind: None | QueueKind | Unset = UNSET
    reason_code: None | ReasonCode | Unset = UNSET
    records: list[BatchRecord] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        import_: None | str | Unset
        if isinstance(self.import_, Unset):
            import_ = UNSET
        elif isinstance(self.import_, UUID):
            import_ = str(self.import_)
        else:
            import_ = self.import_

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, QueueKind):
            kind = self.kind.value
        else:
            kind = self.kind

        reason_code: None | str | Unset
        if isinstance(self.reason_code, Unset):
            reason_code = UNSET
        elif isinstance(self.reason_code, ReasonCode):
            reason_code = self.reason_code.value
        else:
            reason_code = self.reason_code

        records: list[dict[str, Any]] | None | Unset
        if isinstance(self.records, Unset):
            records = UNSET
        elif isinstance(self.records, list):
            records = []
            for records_type_0_item_data in self.records:
                records_type_0_item = records_type_0_item_data.to_dict()
                records.append(records_type_0_item)

        else:
            records = self.records

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment
        if import_ is not UNSET:
            field_dict["import"] = import_
        if kind is not UNSET:
            field_dict["kind"] = kind
        if reason_code is not UNSET:
            field_dict["reason_code"] = reason_code
        if records is not UNSET:
            field_dict["records"] = records

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_record import BatchRecord  # noqa: PLC0415

        d = dict(src_dict)
        decision = Decision(d.pop("decision"))

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        def _parse_import_(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                import_type_1 = UUID(data)

                return import_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        import_ = _parse_import_(d.pop("import", UNSET))

        def _parse_kind(data: object) -> None | QueueKind | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_1 = QueueKind(data)

                return kind_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QueueKind | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_reason_code(data: object) -> None | ReasonCode | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_code_type_1 = ReasonCode(data)

                return reason_code_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReasonCode | Unset, data)

        reason_code = _parse_reason_code(d.pop("reason_code", UNSET))

        def _parse_records(data: object) -> list[BatchRecord] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                records_type_0 = []
                _records_type_0 = data
                for records_type_0_item_data in _records_type_0:
                    records_type_0_item = BatchRecord.from_dict(records_type_0_item_data)

                    records_type_0.append(records_type_0_item)

                return records_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[BatchRecord] | None | Unset, data)

        records = _parse_records(d.pop("records", UNSET))

        batch_review_request = cls(
            decision=decision,
            comment=comment,
            import_=import_,
            kind=kind,
            reason_code=reason_code,
            records=records,
        )

        return batch_review_request
