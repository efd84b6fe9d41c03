#!/usr/bin/env python3
"""Seeds each fuzz target's corpus (fuzz/corpus/<target>/, not in git) from the repository's
real files: tests/fixtures/ and seeds/. Files longer than MAX_LEN are cut into pieces at record
boundaries (FASTA `>`, GenBank `//`, CSV rows under their header, N-Triples lines), so every
seed fits the `-max_len` the targets run with. Run from anywhere: `python3 fuzz/seed_corpus.py`.
"""

import csv
import hashlib
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_LEN = 64 * 1024


def put(target, data):
    """Writes one seed, named by its SHA-1 as libFuzzer names its own."""
    if not data:
        return
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def chunks(records, head=b""):
    """Groups records (bytes) into seeds of at most MAX_LEN, each starting with `head`."""
    seed = head
    for record in records:
        if len(seed) + len(record) > MAX_LEN and seed != head:
            yield seed
            seed = head
        seed += record[: MAX_LEN - len(head)]
    if seed != head:
        yield seed


def split_before(data, marker):
    """Splits text into records, each starting at a line that starts with `marker`."""
    records, current = [], b""
    for line in data.splitlines(keepends=True):
        if line.startswith(marker) and current:
            records.append(current)
            current = b""
        current += line
    return records + ([current] if current else [])


def files(*patterns):
    for pattern in patterns:
        yield from sorted(p for p in ROOT.glob(pattern) if p.is_file())


def fasta_and_sequence():
    for path in files("tests/fixtures/fasta/**/*"):
        if path.name == "MOLECULES.tsv":
            continue
        data = path.read_bytes()
        records = split_before(data, b">")
        for seed in chunks(records):
            put("fasta", seed)
        # Sequence bodies (lines after the header) for the `sequence` target, with a selector
        # byte per molecule type and topology.
        for record in records[:5]:
            body = b"".join(record.splitlines(keepends=True)[1:])[:MAX_LEN]
            for selector in (0, 1, 2, 4, 5, 6):
                put("sequence", bytes([selector]) + body)
    for path in files("seeds/parts/igem-2024.csv"):
        for row in list(csv.DictReader(io.StringIO(path.read_text())))[:40]:
            put("sequence", b"\x00" + row["sequence"].encode())
            put("sequence", b"\x04" + row["sequence"].lower().encode())
    # A GenBank ORIGIN block (numbered lines) and an EMBL-style block.
    origin = b"        1 atgaccatga ttacgccaag cttgcatgcc tgcaggtcga\n       41 ctctagagga\n"
    put("sequence", b"\x00" + origin)
    put("sequence", b"\x02" + b"MKVLAAGIV*")
    put("sequence", b"\x06" + b"mkvBZXUO*")


GENPEPT = b"""LOCUS       AAA98665                  23 aa            linear   BCT 14-JAN-2002
DEFINITION  a small protein.
ACCESSION   AAA98665
VERSION     AAA98665.1
KEYWORDS    .
SOURCE      Escherichia coli
  ORGANISM  Escherichia coli
            Bacteria; Proteobacteria.
FEATURES             Location/Qualifiers
     Protein         1..23
                     /product="demo"
     Region          complement(2..>10)
                     /region_name="x"
ORIGIN
        1 mkvlaagivg allvaaggfa lqk
//
"""

SMALL = b"""LOCUS       pDEMO                     40 bp    DNA     circular SYN 01-JAN-2024
DEFINITION  demo plasmid.
ACCESSION   .
VERSION     .
KEYWORDS    .
SOURCE      synthetic DNA construct
  ORGANISM  synthetic DNA construct
REFERENCE   1  (bases 1 to 40)
  AUTHORS   Someone,A.
  TITLE     Direct Submission
  JOURNAL   Submitted (01-JAN-2024)
  PUBMED    123
COMMENT     a comment
            on two lines
FEATURES             Location/Qualifiers
     source          1..40
                     /organism="synthetic DNA construct"
     promoter        join(35..40,1..5)
                     /label="across the origin"
     CDS             complement(<6..>20)
                     /gene="demo"
                     /translation="MKV"
     misc_feature    order(21..25,30^31)
                     /note="order and between"
     rep_origin      26..30
ORIGIN
        1 atgcatgcat gcatgcatgc atgcatgcat gcatgcatgc
//
"""

CONTIG = b"""LOCUS       CONTIG1                   20 bp    DNA     linear   CON 01-JAN-2024
DEFINITION  a contig.
ACCESSION   CONTIG1
FEATURES             Location/Qualifiers
     source          1..20
CONTIG      join(ABC123.1:1..10,gap(10))
//
"""


def genbank():
    for path in files("tests/fixtures/genbank/**/*.gb"):
        data = path.read_bytes()
        for seed in chunks(split_before(data, b"LOCUS")):
            put("genbank", seed)
    # Small records for what the fixtures lack: a GenPept record, fuzzy and origin-crossing
    # locations, an RNA record, a CONTIG record, and two records in one file.
    put("genbank", GENPEPT)
    put("genbank", SMALL)
    put("genbank", SMALL.replace(b"tgca", b"ugca").replace(b"DNA     circular", b"mRNA    linear  "))
    put("genbank", SMALL + GENPEPT)
    put("genbank", CONTIG)


def sbol3():
    for path in files("tests/fixtures/sbol3/**/*", "seeds/parts/igem-2022/*.nt"):
        data = path.read_bytes()
        if len(data) <= MAX_LEN:
            put("sbol3", data)
        elif path.suffix == ".nt":
            for seed in chunks(data.splitlines(keepends=True)):
                put("sbol3", seed)
        else:
            put("sbol3", data[:MAX_LEN])


def csv_seeds():
    def table(path, rows_per_seed):
        lines = path.read_bytes().splitlines(keepends=True)
        head, rows = lines[0], lines[1:]
        for start in range(0, min(len(rows), 20 * rows_per_seed), rows_per_seed):
            for seed in chunks(rows[start : start + rows_per_seed], head):
                put("csv", seed)

    table(ROOT / "seeds/parts/igem-2024.csv", 10)
    table(ROOT / "tests/fixtures/igem/2024_Parts_List_with_sequences.csv", 3)
    table(ROOT / "tests/fixtures/phi-base/phicanto_pathogen_strains.csv", 20)
    # The strain seeds as a strains CSV (the import's columns).
    strains = json.loads((ROOT / "seeds/strains.json").read_text())
    out = io.StringIO()
    columns = ["name", "organism_type", "taxon_name", "ncbi_taxid", "risk_group", "biosafety_level",
               "aliases", "other_collection_numbers", "genotype", "phenotype", "gmo", "genome_accessions",
               "growth_media", "growth_temperature_c", "tags"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for strain in strains:
        taxon = strain.get("taxon") or {}
        writer.writerow([
            strain.get("name", ""), strain.get("organism_type", ""), taxon.get("name", ""),
            taxon.get("ncbi_taxid", ""), strain.get("risk_group", ""), strain.get("biosafety_level", ""),
            ";".join(strain.get("aliases", [])), ";".join(strain.get("other_collection_numbers", [])),
            strain.get("genotype", ""), strain.get("phenotype", ""), str(strain.get("gmo", "")).lower(),
            ";".join(strain.get("genome_accessions", [])), ";".join(strain.get("growth_media", [])),
            (strain.get("growth_temperature_c") or {}).get("optimum", ""), ";".join(strain.get("tags", [])),
        ])
    put("csv", out.getvalue().encode())
    # The templates the API serves (formats::csv::part_template and strain_template).
    put("csv", b"name,role,sequence,description,molecule_type,topology,aliases,tags,license,source_registry,"
        b"source_external_id\nBBa_B0034,RBS,AAAGAGGAGAAA,Elowitz 1999 RBS,dna,linear,B0034;RBS34,rbs;community,"
        b"CC-BY-4.0,iGEM Registry,BBa_B0034\n")
    put("csv", b"name,organism_type,taxon_name,ncbi_taxid,risk_group,biosafety_level,aliases,"
        b"other_collection_numbers,genotype,phenotype,gmo,genome_accessions,parents,parts,growth_media,"
        b"growth_temperature_c,isolated_from,country,depositor,tags,source_registry,source_external_id,type_strain\n"
        b"MG1655,bacteria,Escherichia coli str. K-12 substr. MG1655,511145,1,1,K-12 MG1655,ATCC 700926;DSM 18039,"
        b"F- lambda- ilvG- rfb-50 rph-1,,false,GCF_000005845.2,,,LB,37,,US,,reference-strain,,,false\n"
        b"MG1655 dlacZ,bacteria,Escherichia coli,562,1,1,,,MG1655 delta-lacZ,Lac-,true,,MG1655 (gene_knockout),,"
        b"LB;M9 glucose,37,,,,example,,,false\n")


if __name__ == "__main__":
    fasta_and_sequence()
    genbank()
    sbol3()
    csv_seeds()
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(target, len(list((CORPUS / target).iterdir())))
