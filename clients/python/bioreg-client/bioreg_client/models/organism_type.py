from enum import StrEnum


class OrganismType(StrEnum):
    ALGAE = "algae"
    ARCHAEA = "archaea"
    BACTERIA = "bacteria"
    FUNGI = "fungi"
    OTHER = "other"
    PROTIST = "protist"
    YEAST = "yeast"

    def __str__(self) -> str:
        return str(self.value)
