#!/usr/bin/env python3
"""GenBank fidelity, checked by Biopython: import every GenBank file of a folder into a running
bioreg (POST /api/v1/imports), export each record again (GET /api/v1/parts/{accession}?format=genbank)
and compare what Biopython reads from the export with what it reads from the original: sequence,
topology, molecule type, references (authors, consortium, title, journal, PubMed id), comments, feature count,
and each feature's type, location and qualifiers.

Files Biopython rejects must be rejected by bioreg with a 422 (its reason is printed); a file one
accepts and the other rejects must be listed in ACCEPTED_DIFFERENTLY with the reason. Features bioreg
leaves out with a warning (located on another record, or at one-of() positions) are left out of the
comparison, and each such warning is printed.

    python3 tests/interop/genbank_fidelity.py --binary target/debug/bioreg --data ../shared/data/genbank \
        [--database-url sqlite:///tmp/x.db | postgres://...]

Prints the counts (files, records, features checked) and exits non-zero on any unexplained difference.
"""
import argparse, io, json, os, sys, urllib.parse, warnings

from Bio import SeqIO
from Bio import BiopythonWarning

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import Server  # noqa: E402

# Files that one reader accepts and the other rejects, with the reason (path relative to --data).
ACCEPTED_DIFFERENTLY = {
    "teselagen/protein_with_stop_codons.gp": "a GenPept record whose sequence holds `*` (stop); gb-io's parser refuses the "
                                             "character (bioreg's protein alphabet accepts it: import it from FASTA)",
    "biopython/DS830848.gb": "a CONTIG record: no sequence of its own, only a recipe over other records; a part needs its sequence",
    "biopython/bad_origin_wrap.gb": "a CONTIG join over another record and no ORIGIN: no sequence to register",
    "biopython/tls_KDHP01000000.gb": "a TLS (targeted locus study) master record: it lists the project's records and has no sequence",
    "biopython/addgene-plasmid-11664-sequence-180430.gbk": "feature `8569..276` crosses the origin of a record marked linear; "
                                                           "Biopython keeps it, bioreg refuses an origin crossing on a linear sequence (422 names the feature and line)",
    "biopython/negative_location.gb": "feature `complement(-2..492)` starts before the sequence; bioreg refuses positions outside it",
    "biopython/qualifier_escaping_read.gb": "a qualifier with unescaped inner quotes (`\"Middle not \"properly\" escaped\"`), "
                                            "which gb-io refuses as invalid GenBank and Biopython reads leniently",
    "sbol-utilities/iGEM_SBOL2_imports.gb": "record 4 has a feature `2051..2072` past the end of its 2,070-base sequence",
    "teselagen/gbWithWrappingFeature.gb": "its LOCUS line promises 108 bp and the sequence has 103; gb-io refuses the mismatch",
    "teselagen/genbankWithU.gb": "its sequence mixes T and U, which neither the DNA nor the RNA alphabet of a part holds",
    "teselagen/pBbE0c-RFP.gb": "Biopython refuses the LOCUS line's spacing (no space at column 64); gb-io reads its words, and the "
                               "exported record is read by Biopython",
}
# Files whose LOCUS line puts the molecule type and topology off GenBank's columns: Biopython reads
# them by column and falls back to DNA/linear, gb-io reads the words (`ds-DNA`, `circular`) and
# bioreg writes them back in the standard layout. Only these two fields may differ for them.
LOCUS_OFF_COLUMNS = ("igem-distribution-2022/", "sbol-testsuite-moclo/pICH42222.gb")
# Files whose qualifier values wrap inside a word (long URIs): Biopython joins continuation lines
# with a space, gb-io without one, so the values read from the original differ by that space.
WRAPPED_INSIDE_WORDS = {"teselagen/SBOL_preserve_example.gb"}


def biopython_records(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BiopythonWarning)
        return list(SeqIO.parse(path, "genbank"))


def feature_key(feature):
    qualifiers = {k: [str(v) for v in vs] for k, vs in feature.qualifiers.items()}
    return feature.type, str(feature.location), qualifiers


def words(text):
    """Text with its line wrapping undone (readers join wrapped lines differently)."""
    return " ".join(str(text or "").split())


def compare(original, exported):
    """Differences between two Biopython records, as strings."""
    problems = []
    if str(original.seq).upper() != str(exported.seq).upper():
        problems.append(f"sequence differs ({len(original.seq)} vs {len(exported.seq)} bases)")
    for annotation in ("topology", "molecule_type"):
        a = original.annotations.get(annotation, "linear" if annotation == "topology" else None)
        b = exported.annotations.get(annotation, "linear" if annotation == "topology" else None)
        if a != b:
            problems.append(f"{annotation}: {a!r} became {b!r}")
    ref_a, ref_b = original.annotations.get("references", []), exported.annotations.get("references", [])
    if len(ref_a) != len(ref_b):
        problems.append(f"{len(ref_a)} references became {len(ref_b)}")
    for i, (a, b) in enumerate(zip(ref_a, ref_b)):
        for what in ("authors", "consrtm", "title", "journal", "pubmed_id"):
            x, y = words(getattr(a, what, "")), words(getattr(b, what, ""))
            if x != y:
                problems.append(f"reference {i} {what}: {x!r} became {y!r}")
    comment_a, comment_b = words(original.annotations.get("comment", "")), words(exported.annotations.get("comment", ""))
    if comment_a != comment_b:
        problems.append(f"comment: {comment_a[:60]!r}... became {comment_b[:60]!r}...")
    if len(original.features) != len(exported.features):
        problems.append(f"{len(original.features)} features became {len(exported.features)}")
    for i, (a, b) in enumerate(zip(original.features, exported.features)):
        ka, kb = feature_key(a), feature_key(b)
        for what, x, y in zip(("type", "location", "qualifiers"), ka, kb):
            if x != y:
                problems.append(f"feature {i} {what}: {x!r} became {y!r}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--database-url")
    ap.add_argument("--port", type=int, default=18581)
    a = ap.parse_args()
    with Server(a.binary, a.database_url, a.port, "genbank") as server:
        files = sorted(os.path.join(root, f) for root, _, names in os.walk(a.data) for f in names
                       if f.rsplit(".", 1)[-1].lower() in ("gb", "gbk", "gp", "genbank", "gbff"))
        counts = dict(files=0, both_rejected=0, records=0, features=0, references=0)
        failures, explained = [], []
        for path in files:
            rel = os.path.relpath(path, a.data)
            counts["files"] += 1
            try:
                originals = biopython_records(path)
                bio_error = None if originals else "no records"
            except Exception as error:  # Biopython's parser raises plain ValueErrors and friends
                originals, bio_error = [], f"{type(error).__name__}: {error}"
            body = open(path, "rb").read()
            query = urllib.parse.urlencode({"format": "genbank", "duplicates": "allow", "file_name": rel})
            status, reply = server.http("POST", f"/api/v1/imports?{query}", body, "text/plain")
            if status != 201:
                problem = json.loads(reply)
                if status != 422:
                    failures.append(f"{rel}: bioreg answered {status}: {problem.get('detail')}")
                elif bio_error:
                    counts["both_rejected"] += 1
                    print(f"  both reject {rel}: Biopython: {bio_error[:100]} | bioreg: {problem['detail'][:160]}")
                elif rel in ACCEPTED_DIFFERENTLY:
                    explained.append(f"{rel}: bioreg rejects, Biopython reads it: {ACCEPTED_DIFFERENTLY[rel]}")
                else:
                    failures.append(f"{rel}: bioreg rejects a file Biopython reads: {problem['detail'][:300]}")
                continue
            report = json.loads(reply)
            if bio_error:
                if rel in ACCEPTED_DIFFERENTLY:
                    explained.append(f"{rel}: bioreg reads, Biopython rejects: {ACCEPTED_DIFFERENTLY[rel]}")
                else:
                    failures.append(f"{rel}: bioreg accepts a file Biopython rejects ({bio_error[:200]})")
                continue
            if len(report["records"]) != len(originals):
                failures.append(f"{rel}: {len(originals)} records in Biopython, {len(report['records'])} imported")
                continue
            # Features left out with a warning (`features[i].location` of record r) are not compared.
            left_out = {}
            for warning in report.get("warnings", []):
                field = warning.get("field") or ""
                if field.startswith("features[") and warning.get("record") is not None:
                    left_out.setdefault(warning["record"], set()).add(int(field[len("features["):field.index("]")]))
                    explained.append(f"{rel}: left out with a warning: {warning['message'][:200]}")
            for original, record in zip(originals, report["records"]):
                skipped = left_out.get(record["index"], set())
                original.features = [f for i, f in enumerate(original.features) if i not in skipped]
                status, exported = server.http("GET", f"/api/v1/parts/{record['accession']}?format=genbank")
                if status != 200:
                    failures.append(f"{rel} record {record['index']}: export answered {status}")
                    continue
                try:
                    again = SeqIO.read(io.StringIO(exported.decode()), "genbank")
                except Exception as error:
                    failures.append(f"{rel} record {record['index']}: Biopython cannot read bioreg's export: {error}")
                    continue
                problems = compare(original, again)
                counts["records"] += 1
                counts["features"] += len(original.features)
                counts["references"] += len(original.annotations.get("references", []))
                if rel.startswith(LOCUS_OFF_COLUMNS):
                    locus = [p for p in problems if p.startswith(("topology", "molecule_type"))]
                    if locus:
                        explained.append(f"{rel}: LOCUS read by column in Biopython: " + "; ".join(locus))
                    problems = [p for p in problems if p not in locus]
                if rel in WRAPPED_INSIDE_WORDS:
                    wrapped = [p for p in problems if " qualifiers: " in p]
                    if wrapped:
                        explained.append(f"{rel}: {len(wrapped)} qualifier value(s) wrapped inside a word")
                    problems = [p for p in problems if p not in wrapped]
                if problems:
                    failures.append(f"{rel} record {record['index']}: " + "; ".join(problems[:5]))
        print(f"files {counts['files']}, rejected by both {counts['both_rejected']}, records round-tripped "
              f"{counts['records']}, features checked {counts['features']}, references checked {counts['references']}")
        for line in explained:
            print("  explained:", line)
        for line in failures:
            print("  FAILED:", line)
        print(f"{len(failures)} unexplained difference(s)")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
