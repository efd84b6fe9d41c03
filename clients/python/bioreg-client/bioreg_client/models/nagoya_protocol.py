from enum import StrEnum


class NagoyaProtocol(StrEnum):
    APPLIES = "applies"
    DOES_NOT_APPLY = "does_not_apply"
    NOT_CLEAR = "not_clear"

    def __str__(self) -> str:
        return str(self.value)
