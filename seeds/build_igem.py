#!/usr/bin/env python3
"""Builds seeds/parts/igem-2024.csv (bioreg's parts CSV columns) from the iGEM 2024 distribution
parts list. Run from the repository root:

    python3 seeds/build_igem.py [SHARED_DATA_DIR]   # default ../shared/data

The list has 536 rows for 524 parts: a part listed in several collections is one record, with
every collection as a tag. Part types are mapped to Sequence Ontology terms below; the short
name becomes an alias. Data: iGEM Foundation / iGEM Registry of Standard Biological Parts,
CC-BY-4.0 (list as published by manulera/annotated-igem-distribution, MIT).
"""
import csv
import re
import sys
from pathlib import Path

SOURCE = "igem-and-parts/igem-2024-distribution/2024_Parts_List_with_sequences.csv"
OUT = Path("seeds/parts/igem-2024.csv")
COLUMNS = ["name", "role", "sequence", "description", "molecule_type", "topology", "aliases", "tags",
           "license", "source_registry", "source_external_id"]

# iGEM "Part Type (unified)" -> Sequence Ontology label (as bioreg's ontology spells it).
ROLES = {
    "cds": "CDS", "kozak-cds": "CDS", "marker": "CDS", "cds_tag": "CDS",
    "promoter": "promoter",
    "rbs": "ribosome_entry_site", "rbs_tag": "ribosome_entry_site", "rbs_n1_tag": "ribosome_entry_site",
    "terminator": "terminator", "c1_c2_c3_terminator": "terminator", "terminator_vector": "terminator",
    "device": "engineered_region", "left-connector": "engineered_region",
    "right-connector": "engineered_region", "bridge": "engineered_region",
    "linker": "inert_DNA_spacer",
    "homology-region": "homologous_region",
    "signaling": "signal_peptide",
    "5' UTR": "five_prime_UTR", "3' UTR": "three_prime_UTR",
    "protease cleavage domain": "protease_site",
    "origin": "origin_of_replication", "transfer-origin": "oriT",
    "polyA": "polyA_signal_sequence",
    "plasmid": "plasmid",
    "intein": "polypeptide_domain",
}


def role(part_type):
    if part_type in ROLES:
        return ROLES[part_type]
    if re.fullmatch(r"([nc][123]_?)+tag", part_type) or part_type == "tag":
        return "tag"
    raise SystemExit(f"no Sequence Ontology role for part type `{part_type}`")


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main():
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    rows = list(csv.DictReader(open(shared / SOURCE, newline="", encoding="utf-8")))
    parts = {}
    for row in rows:
        name = row["Part Name"].strip()
        sequence = row["part_sequence"].strip().upper()
        collection = row["Collection"].strip()
        if name in parts:
            seen = parts[name]
            if seen["sequence"] != sequence:
                raise SystemExit(f"{name} is listed with two sequences")
            seen["collections"].append(collection)
            continue
        parts[name] = {
            "name": name,
            "short": row["Short Desc / Name"].strip(),
            "type": row["Part Type (unified)"].strip(),
            "sequence": sequence,
            "collections": [collection],
            "format": row["Assembly Format"].strip(),
            "backbone": row["Plasmid Backbone"].strip(),
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for part in parts.values():
            collections = list(dict.fromkeys(part["collections"]))
            description = (
                f"{part['short']}: iGEM 2024 distribution, {' / '.join(collections)} collection"
                + (f"; {part['format']}" if part["format"] else "")
                + (f" in {part['backbone']}" if part["backbone"] else "")
            )
            aliases = [part["short"]] if part["short"] and part["short"] != part["name"] else []
            tags = ["igem-2024-distribution"] + [slug(c) for c in collections]
            writer.writerow([
                part["name"], role(part["type"]), part["sequence"], description, "dna",
                "circular" if part["type"] == "plasmid" else "linear",
                ";".join(a.replace(";", ",") for a in aliases), ";".join(tags), "CC-BY-4.0",
                "iGEM Registry", part["name"],
            ])
    print(f"{len(rows)} rows -> {len(parts)} parts in {OUT}")


if __name__ == "__main__":
    main()
