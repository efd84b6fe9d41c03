from enum import StrEnum


class TruncatedBy(StrEnum):
    CANCELLED = "cancelled"
    DEADLINE = "deadline"
    HELD_HITS = "held_hits"
    LIMIT = "limit"
    WORK_BUDGET = "work_budget"

    def __str__(self) -> str:
        return str(self.value)
