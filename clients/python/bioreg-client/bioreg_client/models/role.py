from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    CURATOR = "curator"
    READER = "reader"
    SUBMITTER = "submitter"

    def __str__(self) -> str:
        return str(self.value)
