#!/usr/bin/env python3
"""Property-based API testing with schemathesis against a live bioreg: every operation of the served OpenAPI
document, as an admin and as a reader, with schemathesis' example, coverage, fuzzing and stateful phases.

    python3 tests/interop/schemathesis_run.py --binary target/debug/bioreg [--database-url postgres://...]
        [--max-examples 50] [--seed N]

The checks are the ones that say the server kept its word: no server error (5xx), every status code, content
type, header and body as the document declares them. Exits non-zero on any failure.
"""
import argparse, os, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import Server  # noqa: E402

CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])


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
        for role in ("admin", "reader"):
            token = server.user(f"schemathesis-{role}", role)
            print(f"--- schemathesis as {role} ({server.env['DATABASE_URL'].split(':')[0]})", flush=True)
            run = subprocess.run(["schemathesis", "run", f"{server.base}/openapi.json",
                                  "--header", f"Authorization: Bearer {token}", "--checks", CHECKS,
                                  "--max-examples", str(a.max_examples), "--seed", str(a.seed), "--workers", str(a.workers),
                                  "--no-color"], cwd=server.workdir)  # its cache stays out of the repository
            failed += run.returncode != 0
    print(f"{failed} schemathesis run(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
