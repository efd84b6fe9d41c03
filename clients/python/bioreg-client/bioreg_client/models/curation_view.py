from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.curation_state import CurationState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.review_view import ReviewView


T = TypeVar("T", bound="CurationView")


@_attrs_define
class CurationView:
    """The outcome of a workflow step.

    Attributes:
        accession (str):
        curation_state (CurationState):
        id (str):
        kind (str):
        review (ReviewView): One entry of a record's review thread.
        revision (int):
        published_revision (int | None | Unset):
    """

    accession: str
    curation_state: CurationState
    id: str
    kind: str
    review: ReviewView
    revision: int
    published_revision: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accession = self.accession

        curation_state = self.curation_state.value

        id = self.id

        kind = self.kind

        review = self.review.to_dict()

        revision = self.revision

        published_revision: int | None | Unset
        if isinstance(self.published_revision, Unset):
            published_revision = UNSET
        else:
            published_revision = self.published_revision

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accession": accession,
                "curation_state": curation_state,
                "id": id,
                "kind": kind,
                "review": review,
                "revision": revision,
            }
        )
        if published_revision is not UNSET:
            field_dict["published_revision"] = published_revision

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.review_view import ReviewView  # noqa: PLC0415

        d = dict(src_dict)
        accession = d.pop("accession")

        curation_state = CurationState(d.pop("curation_state"))

        id = d.pop("id")

        kind = d.pop("kind")

        review = ReviewView.from_dict(d.pop("review"))

        revision = d.pop("revision")

        def _parse_published_revision(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        published_revision = _parse_published_revision(d.pop("published_revision", UNSET))

        curation_view = cls(
            accession=accession,
            curation_state=curation_state,
            id=id,
            kind=kind,
            review=review,
            revision=revision,
            published_revision=published_revision,
        )

        curation_view.additional_properties = d
        return curation_view

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
