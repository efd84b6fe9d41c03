from enum import StrEnum


class Topology(StrEnum):
    CIRCULAR = "circular"
    LINEAR = "linear"

    def __str__(self) -> str:
        return str(self.value)
