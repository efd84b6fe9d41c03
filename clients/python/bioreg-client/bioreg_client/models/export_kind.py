from enum import StrEnum


class ExportKind(StrEnum):
    PARTS = "parts"
    STRAINS = "strains"

    def __str__(self) -> str:
        return str(self.value)
