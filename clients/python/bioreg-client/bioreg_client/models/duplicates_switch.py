from enum import StrEnum


class DuplicatesSwitch(StrEnum):
    ALLOW = "allow"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
