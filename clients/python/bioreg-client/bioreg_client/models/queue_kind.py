from enum import StrEnum


class QueueKind(StrEnum):
    PART = "part"
    STRAIN = "strain"

    def __str__(self) -> str:
        return str(self.value)
