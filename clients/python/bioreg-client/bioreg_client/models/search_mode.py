from enum import StrEnum


class SearchMode(StrEnum):
    APPROXIMATE = "approximate"
    EXACT = "exact"
    SIMILARITY = "similarity"

    def __str__(self) -> str:
        return str(self.value)
