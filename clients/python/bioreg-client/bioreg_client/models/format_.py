from enum import StrEnum


class Format(StrEnum):
    CSV = "csv"
    FASTA = "fasta"
    GENBANK = "genbank"
    JSON = "json"
    SBOL3 = "sbol3"

    def __str__(self) -> str:
        return str(self.value)
