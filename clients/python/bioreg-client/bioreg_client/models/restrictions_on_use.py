from enum import StrEnum


class RestrictionsOnUse(StrEnum):
    COMMERCIAL_USE_WITH_AGREEMENT = "commercial_use_with_agreement"
    NO_RESTRICTION = "no_restriction"
    ONLY_RESEARCH = "only_research"

    def __str__(self) -> str:
        return str(self.value)
