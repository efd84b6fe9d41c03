from enum import StrEnum


class RecordStatus(StrEnum):
    LIVE = "live"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
