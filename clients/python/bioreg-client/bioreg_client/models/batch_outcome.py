from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.curation_state import CurationState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_counts import BatchCounts
    from ..models.batch_note import BatchNote


T = TypeVar("T", bound="BatchOutcome")


@_attrs_define
class BatchOutcome:
    """The answer of a batch decision or submission.

    Attributes:
        action (str): `approve`, `request_changes`, `reject` or `submit`.
        counts (BatchCounts): How many records a batch acted on, refused and skipped.
        curation_state (CurationState):
        max_records (int): The most records one call acts on (`BIOREG_BATCH_MAX_RECORDS`).
        refused (list[BatchNote]): Refused records, the first 100.
        remaining (int): Records of the import the call did not reach because it acted on its maximum; repeat the
            call to go on. 0 when it reached them all.
        skipped (list[BatchNote]): Skipped records, the first 100.
        import_ (None | Unset | UUID):
    """

    action: str
    counts: BatchCounts
    curation_state: CurationState
    max_records: int
    refused: list[BatchNote]
    remaining: int
    skipped: list[BatchNote]
    import_: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        counts = self.counts.to_dict()

        curation_state = self.curation_state.value

        max_records = self.max_records

        refused = []
        for refused_item_data in self.refused:
            refused_item = refused_item_data.to_dict()
            refused.append(refused_item)

        remaining = self.remaining

        skipped = []
        for skipped_item_data in self.skipped:
            skipped_item = skipped_item_data.to_dict()
            skipped.append(skipped_item)

        import_: None | str | Unset
        if isinstance(self.import_, Unset):
            import_ = UNSET
        elif isinstance(self.import_, UUID):
            import_ = str(self.import_)
        else:
            import_ = self.import_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "counts": counts,
                "curation_state": curation_state,
                "max_records": max_records,
                "refused": refused,
                "remaining": remaining,
                "skipped": skipped,
            }
        )
        if import_ is not UNSET:
            field_dict["import"] = import_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_counts import BatchCounts  # noqa: PLC0415
        from ..models.batch_note import BatchNote  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        counts = BatchCounts.from_dict(d.pop("counts"))

        curation_state = CurationState(d.pop("curation_state"))

        max_records = d.pop("max_records")

        refused = []
        _refused = d.pop("refused")
        for refused_item_data in _refused:
            refused_item = BatchNote.from_dict(refused_item_data)

            refused.append(refused_item)

        remaining = d.pop("remaining")

        skipped = []
        _skipped = d.pop("skipped")
        for skipped_item_data in _skipped:
            skipped_item = BatchNote.from_dict(skipped_item_data)

            skipped.append(skipped_item)

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

        batch_outcome = cls(
            action=action,
            counts=counts,
            curation_state=curation_state,
            max_records=max_records,
            refused=refused,
            remaining=remaining,
            skipped=skipped,
            import_=import_,
        )

        batch_outcome.additional_properties = d
        return batch_outcome

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
