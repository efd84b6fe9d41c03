#!/usr/bin/env python3
"""Property-based API testing with schemathesis against a live bioreg: every operation of the served OpenAPI
document, as an admin and as a reader, with schemathesis' example, coverage, fuzzing and stateful phases.

    python3 tests/interop/schemathesis_run.py --binary target/debug/bioreg [--database-url postgres://...]
        [--max-examples 50] [--seed N]

The library holds records in every curation state (draft, submitted, published, withdrawn; a composite; a
strain family carrying a part), samples, an import and users; a `schemathesis.toml` written next to the run binds each path
parameter to those real identifiers (and part sequences to real DNA) for most generated cases, so that the
operations on one record reach their logic instead of answering 404 to random identifiers.

The checks are the ones that say the server kept its word: no server error (5xx), every status code, content
type, header and body as the document declares them. Exits non-zero on any failure.
"""
import argparse, json, os, random, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import Server  # noqa: E402

CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])
# How often a bound parameter takes a real identifier instead of a generated one.
PROBABILITY = 0.7


def call(server, token, method, path, body=None, content_type="application/json", headers=None):
    """(status, JSON reply or None) of one request with this token; `body` is sent as JSON."""
    status, raw = server.http(method, path, None if body is None else json.dumps(body).encode(), content_type,
                              token=token, headers=headers)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None


def expect(status, reply, wanted, what):
    if status != wanted:
        sys.exit(f"preparing the library: {what} answered {status}, not {wanted}: {reply}")
    return reply


def prepare_library(server, admin):
    """A small library with records in every curation state; the identifiers for the dictionaries. (Small on
    purpose: schemathesis validates every response body against the document in Python, and lists of hundreds of
    seeded parts with their sequences would make each case slow without testing anything more.)"""
    submitter, rng = server.token, random.Random(20261128)
    curator = server.user("schemathesis-curator", "curator")

    def dna(length):
        return "".join(rng.choice("ACGT") for _ in range(length))

    def new_part(name, **fields):
        body = {"name": name, "role": "CDS", "sequence": dna(120), "license": "CC-BY-4.0", **fields}
        body = {key: value for key, value in body.items() if value is not None}
        return expect(*call(server, submitter, "POST", "/api/v1/parts", body), 201, f"POST part {name}")["accession"]

    def new_strain(name, parents=(), parts=()):
        body = {"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562},
                "risk_group": 1, "parents": [{"strain": p, "relation": "transformation"} for p in parents],
                "parts": [{"part": p, "relation": "plasmid"} for p in parts],
                # the MIRRI-IS fields a strain needs before it is submitted
                "restrictions_on_use": "no_restriction", "nagoya_protocol": "does_not_apply",
                "growth_media": ["LB"], "growth_temperature_c": {"optimum": 37}, "forms_of_supply": ["lyophilized"],
                "geographic_origin": {"country": "DE"}}
        return expect(*call(server, submitter, "POST", "/api/v1/strains", body), 201,
                      f"POST strain {name}")["accession"]

    def walk(kind, accession, *steps):
        for (step, body), who in steps:
            expect(*call(server, who, "POST", f"/api/v1/{kind}/{accession}/{step}", body), 200, f"{step} {accession}")

    submit = (("submit", {"comment": "ready"}), submitter)
    approve = (("review", {"decision": "approve", "comment": "fine"}), curator)
    withdraw = (("withdraw", {"reason_code": "superseded", "comment": "replaced"}), curator)

    draft, submitted, published, withdrawn = (new_part(n) for n in ("draft", "submitted", "published", "withdrawn"))
    composite = new_part("composite", role="engineered_region", sequence=None,
                         components=[{"part": published}, {"linker": "TACTAG"}, {"part": draft, "orientation": "reverse"}])
    walk("parts", submitted, submit)
    walk("parts", published, submit, approve)
    walk("parts", withdrawn, submit, approve, withdraw)
    status, part = call(server, submitter, "GET", f"/api/v1/parts/{draft}")
    expect(*call(server, submitter, "PATCH", f"/api/v1/parts/{draft}", {"description": "second revision"},
                 "application/merge-patch+json", {"If-Match": f'"r{part["revision"]}"'}),
           200, "PATCH the draft part")
    parts = [draft, submitted, published, withdrawn, composite]

    founder = new_strain("founder", parts=[published])
    child, submitted_strain = new_strain("child", [founder]), new_strain("submitted")
    walk("strains", founder, submit, approve)
    walk("strains", submitted_strain, submit)
    strains = [founder, child, submitted_strain]
    samples = []
    for position in ("A1", "A2"):
        body = {"location": {"site": "S", "freezer": "F1", "rack": "R1", "box": "B1", "position": position},
                "preservation_method": "glycerol -80 °C"}
        samples.append(expect(*call(server, submitter, "POST", f"/api/v1/strains/{founder}/samples", body), 201,
                              "POST sample")["id"])

    status, reply = server.http("POST", "/api/v1/imports?format=fasta&role=CDS",
                                f">schemathesis_import\n{dna(90)}\n".encode(), "text/x-fasta")
    imports = [expect(status, json.loads(reply), 201, "POST import")["id"]]

    organization = {"slug": "schemathesis-lab", "name": "Schemathesis lab", "kind": "lab"}
    organizations = [expect(*call(server, admin, "POST", "/api/v1/organizations", organization), 201,
                            "POST organization")["id"]]
    users = [u["id"] for u in call(server, admin, "GET", "/api/v1/users?limit=5")[1]["items"]]
    return {"parts": parts, "strains": strains, "samples": samples, "imports": imports,
            "organizations": organizations, "users": users, "revisions": [1, 2, 3],
            "dna": [dna(60), dna(200), "ATGAAACGCATTAGCACCACCATTACCACCACCATCACCATTACCACAGGTAACGGTGCGGGCTGA"]}


def toml_value(value):
    return json.dumps(value) if isinstance(value, (str, int)) else "[" + ", ".join(map(toml_value, value)) + "]"


def write_config(path, identifiers):
    """schemathesis.toml: the dictionaries and, per group of operations, which parameter takes which (the
    groups' path patterns do not overlap: an operation takes its bindings from one group)."""
    lines = [f"[dictionaries.{name}]\nvalues = {toml_value(values)}\n" for name, values in identifiers.items()]

    def bind(path_regex, **parameters):
        bound = ", ".join(f'"{key.replace("__", ".")}" = {{ dictionary = "{name}", probability = {PROBABILITY} }}'
                          for key, name in parameters.items())
        lines.append(f"[[operations]]\ninclude-path-regex = {json.dumps(path_regex)}\nparameters = {{ {bound} }}\n")

    revisions = dict(path__n="revisions", path__a="revisions", path__b="revisions")
    bind(r"^/api/v1/parts/\{id\}", path__id="parts", **revisions)
    bind(r"^/api/v1/strains/\{id\}/samples/\{sample_id\}$", path__id="strains", path__sample_id="samples")
    bind(r"^/api/v1/strains/\{id\}(?!/samples/\{sample_id\})", path__id="strains", **revisions)
    bind(r"^/api/v1/parts$", body__sequence="dna")
    bind(r"^/api/v1/search/sequence$", body__sequence="dna")
    bind(r"^/api/v1/strains$", query__carries_part="parts")
    bind(r"^/api/v1/imports/\{id\}$", path__id="imports")
    bind(r"^/api/v1/organizations/\{id\}$", path__id="organizations")
    bind(r"^/api/v1/users/\{id\}", path__id="users")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--database-url")
    ap.add_argument("--port", type=int, default=18584)
    ap.add_argument("--max-examples", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20261127)
    # One worker: hypothesis describes filter lambdas by parsing source with `ast`, which CPython 3.11 before
    # 3.11.8 can fail at in worker threads ("AST constructor recursion depth mismatch", gh-106905).
    ap.add_argument("--workers", type=int, default=1)
    a = ap.parse_args()
    failed = 0
    with Server(a.binary, a.database_url, a.port, "schemathesis") as server:
        admin = server.user("schemathesis-admin", "admin")
        identifiers = prepare_library(server, admin)
        write_config(os.path.join(server.workdir, "schemathesis.toml"), identifiers)
        print("real identifiers offered: " + ", ".join(f"{k} {len(v)}" for k, v in identifiers.items()), flush=True)
        for role, token in (("admin", admin), ("reader", server.user("schemathesis-reader", "reader"))):
            print(f"--- schemathesis as {role} ({server.env['DATABASE_URL'].split(':')[0]})", flush=True)
            run = subprocess.run(["schemathesis", "run", f"{server.base}/openapi.json",
                                  "--header", f"Authorization: Bearer {token}", "--checks", CHECKS,
                                  "--max-examples", str(a.max_examples), "--seed", str(a.seed), "--workers", str(a.workers),
                                  "--no-color"], cwd=server.workdir)  # its config and cache stay out of the repository
            failed += run.returncode != 0
    print(f"{failed} schemathesis run(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
