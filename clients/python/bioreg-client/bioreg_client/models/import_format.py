from enum import StrEnum


class ImportFormat(StrEnum):
    CSV = "csv"
    FASTA = "fasta"
    GENBANK = "genbank"
    SBOL3 = "sbol3"

    def __str__(self) -> str:
        return str(self.value)
