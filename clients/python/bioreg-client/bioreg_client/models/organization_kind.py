from enum import StrEnum


class OrganizationKind(StrEnum):
    COMPANY = "company"
    LAB = "lab"
    OTHER = "other"
    REGISTRY = "registry"

    def __str__(self) -> str:
        return str(self.value)
