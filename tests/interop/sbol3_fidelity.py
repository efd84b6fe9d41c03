#!/usr/bin/env python3
"""SBOL interoperability, checked by pySBOL3: import every SBOL3 file of the shared data (N-Triples,
Turtle, JSON-LD, RDF/XML), the valid SBOL2 files (test suite, MoClo, SBOL-utilities) and every GenBank file
into a running bioreg, export every part it registered as
SBOL3 (GET /api/v1/parts/{accession}?format=sbol3) and validate each export with pySBOL3
(`Document.validate()`): 0 errors and 0 warnings required. The SBOL2 files the shared data marks invalid (one
per broken rule, `sbol-NNNNN.xml`) must be refused with a 422 naming that rule (`sbol2-NNNNN`).

    python3 tests/interop/sbol3_fidelity.py --binary target/debug/bioreg --sbol ../shared/data/sbol \
        [--genbank ../shared/data/genbank] [--database-url sqlite:///tmp/x.db | postgres://...]

An SBOL3 file must either import, or be refused for a reason listed here: it holds no Component with a
sequence (templates, abstract designs, provenance or measurement examples: nothing to register as a part),
or it is listed in REFUSED with the rule it breaks. Prints the counts and exits non-zero on anything else.
"""
import argparse, json, multiprocessing, os, sys, tempfile, urllib.parse, warnings

import sbol3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import Server  # noqa: E402

SYNTAXES = {"nt": "application/n-triples", "ttl": "text/turtle", "jsonld": "application/ld+json",
            "jsonld_expanded": "application/ld+json", "rdf": "application/rdf+xml"}
# Files bioreg refuses although they are SBOL3, with the rule they break.
REFUSED = {
    "sbol2/testsuite/singleCompDef_withSeq.xml": "an alphabet test: a DnaRegion whose elements are `ACGTURYSWKMBDHVN-.`; "
                                                 "bioreg's DNA alphabet refuses U, gaps and dots (the 422 names position 5)",
    "sbol3/sbol-utilities/sbol3-small-molecule.rdf": "sbol3-10110: its Ranges name no Sequence (hasSequence); "
                                                    "pySBOL3 refuses the file too (displayId `1` is not valid)",
}
NOTHING_TO_REGISTER = ("no importable SBOL3 Component", "no importable SBOL2 ComponentDefinition")


def validate_with_pysbol3(job):
    """(accession, errors, warnings, failure) for one exported file; run in a worker process."""
    accession, path = job
    try:
        document = sbol3.Document()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document.read(path, sbol3.TURTLE)
            report = document.validate()
    except Exception as error:  # pySBOL3 and rdflib raise many kinds
        return accession, [], [], f"{type(error).__name__}: {error}"
    return accession, [str(e) for e in report.errors], [str(w) for w in report.warnings], None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--sbol", required=True, help="the shared data's sbol/ folder")
    ap.add_argument("--genbank", help="also export as SBOL3 every part imported from these GenBank files")
    ap.add_argument("--database-url")
    ap.add_argument("--port", type=int, default=18582)
    ap.add_argument("--jobs", type=int, default=os.cpu_count(), help="pySBOL3 validations at once")
    a = ap.parse_args()
    counts = dict(files=0, imported_files=0, nothing_to_register=0, records=0, invalid_refused=0,
                  sbol2_files=0, sbol2_imported=0, sbol2_records=0, genbank_records=0, exports_validated=0)
    failures, explained, accessions = [], [], []
    scratch = tempfile.mkdtemp(prefix="bioreg-sbol3-exports-")
    with Server(a.binary, a.database_url, a.port, "sbol3") as server:
        def post(path, query, content_type):
            body = open(path, "rb").read()
            status, reply = server.http("POST", f"/api/v1/imports?{urllib.parse.urlencode(query)}", body, content_type)
            return status, json.loads(reply)

        sbol3_dir = os.path.join(a.sbol, "sbol3")
        files = sorted(os.path.join(root, f) for root, _, names in os.walk(sbol3_dir) for f in names
                       if f.rsplit(".", 1)[-1] in SYNTAXES)
        for path in files:
            rel = os.path.relpath(path, a.sbol)
            counts["files"] += 1
            syntax = SYNTAXES[path.rsplit(".", 1)[-1]]
            status, reply = post(path, {"format": "sbol3", "duplicates": "allow", "file_name": rel}, syntax)
            if status == 201:
                counts["imported_files"] += 1
                counts["records"] += len(reply["records"])
                accessions += [r["accession"] for r in reply["records"]]
                for warning in reply.get("warnings", []):
                    explained.append(f"{rel}: imported with a warning: {warning['message'][:200]}")
            elif status == 422 and any(n in reply["detail"] for n in NOTHING_TO_REGISTER):
                counts["nothing_to_register"] += 1
            elif status == 422 and rel in REFUSED:
                explained.append(f"{rel}: refused: {REFUSED[rel]} | bioreg: {reply['detail'][:200]}")
            else:
                failures.append(f"{rel}: bioreg answered {status}: {reply.get('detail', '')[:300]}")

        # The invalid SBOL files (SBOL2, one per broken validation rule): all refused, each naming the rule
        # it breaks (`sbol-10221.xml` -> `sbol2-10221` in the 422's detail).
        invalid_dir = os.path.join(a.sbol, "sbol2", "invalid")
        for name in sorted(os.listdir(invalid_dir)) if os.path.isdir(invalid_dir) else []:
            if not name.endswith(".xml"):
                continue
            rel = os.path.join("sbol2/invalid", name)
            rule = "sbol2-" + name[:-4].removeprefix("sbol-")
            status, reply = post(os.path.join(invalid_dir, name), {"format": "sbol3"}, "application/rdf+xml")
            if status == 422 and rule in reply.get("detail", ""):
                counts["invalid_refused"] += 1
                print(f"  refused {rel} with its rule {rule}")
            elif status == 422:
                failures.append(f"{rel}: refused, but not with its rule {rule}: {reply.get('detail', '')[:300]}")
            else:
                failures.append(f"{rel}: an invalid SBOL file answered {status}, not 422")

        # Valid SBOL2 (design-tool exports, the SBOL2 test suite): imported, or nothing to register;
        # what bioreg registers from them is exported as SBOL3 and validated below.
        for folder in ("testsuite", "testsuite-moclo", "sbol-utilities"):
            root = os.path.join(a.sbol, "sbol2", folder)
            for name in sorted(os.listdir(root)) if os.path.isdir(root) else []:
                if not name.endswith((".xml", ".rdf")):
                    continue
                rel = os.path.join("sbol2", folder, name)
                counts["sbol2_files"] += 1
                status, reply = post(os.path.join(root, name), {"format": "sbol3", "duplicates": "allow"},
                                     "application/rdf+xml")
                if status == 201:
                    counts["sbol2_imported"] += 1
                    counts["sbol2_records"] += len(reply["records"])
                    accessions += [r["accession"] for r in reply["records"]]
                elif status == 422 and any(n in reply["detail"] for n in NOTHING_TO_REGISTER):
                    counts["nothing_to_register"] += 1
                elif status == 422 and rel in REFUSED:
                    explained.append(f"{rel}: refused: {REFUSED[rel]} | bioreg: {reply['detail'][:200]}")
                else:
                    failures.append(f"{rel}: valid SBOL2 answered {status}: {reply.get('detail', '')[:300]}")

        if a.genbank:
            for root, _, names in os.walk(a.genbank):
                for name in sorted(names):
                    if name.rsplit(".", 1)[-1].lower() not in ("gb", "gbk", "gp", "genbank", "gbff"):
                        continue
                    status, reply = post(os.path.join(root, name), {"format": "genbank", "duplicates": "allow"},
                                         "text/plain")
                    if status == 201:
                        counts["genbank_records"] += len(reply["records"])
                        accessions += [r["accession"] for r in reply["records"]]

        jobs = []
        for accession in accessions:
            status, exported = server.http("GET", f"/api/v1/parts/{accession}?format=sbol3")
            if status != 200:
                failures.append(f"{accession}: SBOL3 export answered {status}")
                continue
            path = os.path.join(scratch, f"{accession}.ttl")
            with open(path, "wb") as f:
                f.write(exported)
            jobs.append((accession, path))

    # pySBOL3's SHACL validation takes ~0.2 s a file on one core: the exports are validated on every core.
    with multiprocessing.Pool(a.jobs) as pool:
        for accession, errors, warns, failure in pool.imap(validate_with_pysbol3, jobs, chunksize=8):
            if failure:
                failures.append(f"{accession}: pySBOL3 cannot read bioreg's SBOL3: {failure}")
                continue
            counts["exports_validated"] += 1
            if errors or warns:
                failures.append(f"{accession}: pySBOL3 finds {len(errors)} error(s), {len(warns)} warning(s): "
                                + "; ".join((errors + warns)[:3]))

    print(f"SBOL3 files {counts['files']}: imported {counts['imported_files']} ({counts['records']} records), "
          f"nothing to register {counts['nothing_to_register']}; invalid SBOL files refused with their rule {counts['invalid_refused']}; "
          f"valid SBOL2 files {counts['sbol2_files']}: imported {counts['sbol2_imported']} ({counts['sbol2_records']} records); "
          f"GenBank records {counts['genbank_records']}; SBOL3 exports validated by pySBOL3 {counts['exports_validated']}")
    for line in explained:
        print("  explained:", line)
    for line in failures:
        print("  FAILED:", line)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
