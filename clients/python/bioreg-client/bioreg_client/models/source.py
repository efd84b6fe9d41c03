from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """Where a record came from.

    Attributes:
        external_id (None | str | Unset): The id there, e.g. `BBa_B0034`.
        file_checksum (None | str | Unset): Checksum of an imported file, e.g. `sha256:…`.
        file_name (None | str | Unset): Name of the imported file.
        file_record (None | str | Unset): Which record of the file (1-based) and its line.
        import_id (None | str | Unset): The import that registered it (`GET /api/v1/imports/{id}`: importer, time, the
            report).
        lab (None | str | Unset): The lab or person that provided it.
        registry (None | str | Unset): An external registry, e.g. `iGEM Registry`.
        uri (None | str | Unset):
    """

    external_id: None | str | Unset = UNSET
    file_checksum: None | str | Unset = UNSET
    file_name: None | str | Unset = UNSET
    file_record: None | str | Unset = UNSET
    import_id: None | str | Unset = UNSET
    lab: None | str | Unset = UNSET
    registry: None | str | Unset = UNSET
    uri: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        file_checksum: None | str | Unset
        if isinstance(self.file_checksum, Unset):
            file_checksum = UNSET
        else:
            file_checksum = self.file_checksum

        file_name: None | str | Unset
        if isinstance(self.file_name, Unset):
            file_name = UNSET
        else:
            file_name = self.file_name

        file_record: None | str | Unset
        if isinstance(self.file_record, Unset):
            file_record = UNSET
        else:
            file_record = self.file_record

        import_id: None | str | Unset
        if isinstance(self.import_id, Unset):
            import_id = UNSET
        else:
            import_id = self.import_id

        lab: None | str | Unset
        if isinstance(self.lab, Unset):
            lab = UNSET
        else:
            lab = self.lab

        registry: None | str | Unset
        if isinstance(self.registry, Unset):
            registry = UNSET
        else:
            registry = self.registry

        uri: None | str | Unset
        if isinstance(self.uri, Unset):
            uri = UNSET
        else:
            uri = self.uri

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if file_checksum is not UNSET:
            field_dict["file_checksum"] = file_checksum
        if file_name is not UNSET:
            field_dict["file_name"] = file_name
        if file_record is not UNSET:
            field_dict["file_record"] = file_record
        if import_id is not UNSET:
            field_dict["import_id"] = import_id
        if lab is not UNSET:
            field_dict["lab"] = lab
        if registry is not UNSET:
            field_dict["registry"] = registry
        if uri is not UNSET:
            field_dict["uri"] = uri

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_file_checksum(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_checksum = _parse_file_checksum(d.pop("file_checksum", UNSET))

        def _parse_file_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_name = _parse_file_name(d.pop("file_name", UNSET))

        def _parse_file_record(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        file_record = _parse_file_record(d.pop("file_record", UNSET))

        def _parse_import_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        import_id = _parse_import_id(d.pop("import_id", UNSET))

        def _parse_lab(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lab = _parse_lab(d.pop("lab", UNSET))

        def _parse_registry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        registry = _parse_registry(d.pop("registry", UNSET))

        def _parse_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uri = _parse_uri(d.pop("uri", UNSET))

        source = cls(
            external_id=external_id,
            file_checksum=file_checksum,
            file_name=file_name,
            file_record=file_record,
            import_id=import_id,
            lab=lab,
            registry=registry,
            uri=uri,
        )

        return source
