from enum import StrEnum


class CarriedRelation(StrEnum):
    CHROMOSOMAL_INTEGRATION = "chromosomal_integration"
    OTHER = "other"
    PLASMID = "plasmid"

    def __str__(self) -> str:
        return str(self.value)
