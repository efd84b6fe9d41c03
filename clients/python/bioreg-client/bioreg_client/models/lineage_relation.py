from enum import StrEnum


class LineageRelation(StrEnum):
    ADAPTIVE_EVOLUTION = "adaptive_evolution"
    CONJUGATION = "conjugation"
    CROSS = "cross"
    DEPOSIT_TRANSFER = "deposit_transfer"
    GENE_KNOCKIN = "gene_knockin"
    GENE_KNOCKOUT = "gene_knockout"
    MUTAGENESIS = "mutagenesis"
    OTHER = "other"
    REISOLATION = "reisolation"
    TRANSFORMATION = "transformation"

    def __str__(self) -> str:
        return str(self.value)
