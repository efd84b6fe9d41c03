from enum import StrEnum


class MoleculeType(StrEnum):
    DNA = "dna"
    PROTEIN = "protein"
    RNA = "rna"

    def __str__(self) -> str:
        return str(self.value)
