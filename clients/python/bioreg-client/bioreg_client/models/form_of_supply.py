from enum import StrEnum


class FormOfSupply(StrEnum):
    AGAR = "agar"
    CRYO = "cryo"
    DNA = "dna"
    DRY_ICE = "dry_ice"
    LIQUID = "liquid"
    LYOPHILIZED = "lyophilized"
    OIL = "oil"
    WATER = "water"

    def __str__(self) -> str:
        return str(self.value)
