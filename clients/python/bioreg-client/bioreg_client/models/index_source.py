from enum import StrEnum


class IndexSource(StrEnum):
    DATABASE = "database"
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
