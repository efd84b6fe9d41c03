from enum import StrEnum


class Strands(StrEnum):
    BOTH = "both"
    FORWARD = "forward"
    REVERSE = "reverse"

    def __str__(self) -> str:
        return str(self.value)
