from enum import StrEnum


class ReasonCode(StrEnum):
    BIOSAFETY_CONCERN = "biosafety_concern"
    DUPLICATE = "duplicate"
    LICENSE_ISSUE = "license_issue"
    MISSING_METADATA = "missing_metadata"
    OTHER = "other"
    OUT_OF_SCOPE = "out_of_scope"
    SEQUENCE_MISMATCH = "sequence_mismatch"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)
