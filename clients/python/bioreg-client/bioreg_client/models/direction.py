from enum import StrEnum


class Direction(StrEnum):
    ANCESTORS = "ancestors"
    DESCENDANTS = "descendants"

    def __str__(self) -> str:
        return str(self.value)
