#!/usr/bin/env python3
"""Bulk import rate (issue 22, item 3): parts a second through `bioreg import` (the bulk path: records checked
one by one, written a batch at a time), against the baseline of the single-record path measured in the same run
on the same database (POST /api/v1/parts, one part a request on one keep-alive connection).

The library: --parts parts (default 100,000) of random DNA, 200-2,000 bp each (as the issue's million-part
library), in CSV files of --file-records records (default 10,000; each file is one import, one transaction),
with a name, role, description, an alias and two tags each. Each backend starts on an empty database; the files
are imported with `bioreg import` while no server runs (nothing else competes), then a server starts and
--baseline parts (default 300) are registered one a request.

Targets (issue 22): 10,000 parts/s on SQLite, 5,000 parts/s on PostgreSQL.

    python3 bench/import_rate.py --binary target/release/bioreg --backend both
    python3 bench/import_rate.py --binary target/debug/bioreg --parts 2000 --file-records 1000 --baseline 20 \\
        --backend both     # the CI smoke

Every server runs with rate limits off. The work directory (temporary unless --work) is removed at the end;
the PostgreSQL database (bioreg_import_rate) is dropped.
"""
import argparse, http.client, json, os, random, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from startup import ACGT, Server, db_bytes, fresh_backend, log, run  # noqa: E402

TARGETS = {"sqlite": 10_000, "postgres": 5_000}


def csv_files(directory, parts, per_file, seed):
    """Writes the parts as CSV files of `per_file` records; returns (paths, bases)."""
    rng = random.Random(seed)
    paths, bases = [], 0
    for start in range(0, parts, per_file):
        path = os.path.join(directory, f"parts-{len(paths):04d}.csv")
        with open(path, "w") as out:
            out.write("name,role,sequence,description,aliases,tags\n")
            for i in range(start, min(parts, start + per_file)):
                sequence = rng.randbytes(rng.randint(200, 2000)).translate(ACGT).decode()
                bases += len(sequence)
                out.write(f"rate{i:07d},promoter,{sequence},import rate bench part {i},BBa_R{i:07d},"
                          f"rate;t{i % 20}\n")
        paths.append(path)
    return paths, bases


def single_rate(port, token, n, seed):
    """Registers `n` parts one a request; returns parts/s."""
    rng = random.Random(seed)
    bodies = [json.dumps({"name": f"single{i:06d}", "role": "promoter", "description": f"single-record baseline {i}",
                          "aliases": [f"BBa_S{i:06d}"], "tags": ["rate", f"t{i % 20}"],
                          "sequence": rng.randbytes(rng.randint(200, 2000)).translate(ACGT).decode()})
              for i in range(n)]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
    started = time.perf_counter()
    for body in bodies:
        conn.request("POST", "/api/v1/parts", body, headers)
        response = conn.getresponse()
        response.read()
        if response.status != 201:
            sys.exit(f"POST /api/v1/parts answered {response.status}")
    seconds = time.perf_counter() - started
    conn.close()
    return n / seconds


def bench_backend(a, backend, work, files, parts, bases):
    bdir = os.path.join(work, backend)
    name = "bioreg_import_rate"
    env, db_path = fresh_backend(a, backend, bdir, name)
    token = run(a.binary, env, "user", "create", "--name", "bench", "--role", "submitter").strip().splitlines()[-1]
    log(f"\n=== {backend}: {parts:,} parts ({bases / 1e6:,.1f} Mbp) in {len(files)} import(s) ===")
    seconds = []
    for path in files:
        started = time.perf_counter()
        report = json.loads(run(a.binary, env, "import", path, "--token", token, "--format", "csv"))
        seconds.append(time.perf_counter() - started)
        if not report.get("stored"):
            sys.exit(f"{path} was not stored: {report.get('errors', [])[:3]}")
    total = sum(seconds)
    bulk = parts / total
    size = db_bytes(backend, db_path, a.pg_url, name)
    log(f"bioreg import: {bulk:,.0f} parts/s ({bases / total / 1e6:,.2f} Mbp/s) over {total:.1f} s; "
        f"imports of {parts // len(files):,} took {min(seconds):.2f}-{max(seconds):.2f} s "
        f"(first {seconds[0]:.2f} s, last {seconds[-1]:.2f} s); database {size / 2**20:,.0f} MiB")
    server = Server(a.binary, a.port, os.path.join(bdir, "serve.log"))
    server.start(env)
    single = single_rate(a.port, token, a.baseline, a.seed + 1)
    server.stop()
    target = TARGETS[backend]
    log(f"single-record baseline (POST /api/v1/parts, one a request): {single:,.0f} parts/s")
    log(f"bulk / single: {bulk / single:.1f}x; target {target:,} parts/s: "
        f"{'met' if bulk >= target else 'NOT met'} ({bulk / target:.2f} of it)")
    if backend == "postgres":
        subprocess.run(["psql", a.pg_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    return dict(backend=backend, bulk=bulk, single=single, target=target, seconds=seconds, db_bytes=size)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--parts", type=int, default=100_000)
    ap.add_argument("--file-records", type=int, default=10_000, help="records per import file (default 10,000)")
    ap.add_argument("--baseline", type=int, default=300, help="parts registered one a request (default 300)")
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--port", type=int, default=18441)
    ap.add_argument("--work", help="work directory (default: a temporary one)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.binary = os.path.abspath(a.binary)
    work = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix="bioreg-import-rate-")
    os.makedirs(work, exist_ok=True)
    backends = ["sqlite", "postgres"] if a.backend == "both" else [a.backend]
    log(f"bioreg import rate bench: {a.parts:,} parts in files of {a.file_records:,}; baseline {a.baseline} single "
        f"registrations; {', '.join(backends)}; {os.cpu_count()} cores; {a.binary}")
    files, bases = csv_files(work, a.parts, a.file_records, a.seed)
    try:
        results = [bench_backend(a, backend, work, files, a.parts, bases) for backend in backends]
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
    log("\n| backend | bulk parts/s | single parts/s | bulk / single | target | met |")
    log("|---|---:|---:|---:|---:|---|")
    for r in results:
        log(f"| {r['backend']} | {r['bulk']:,.0f} | {r['single']:,.0f} | {r['bulk'] / r['single']:.1f}x | "
            f"{r['target']:,} | {'yes' if r['bulk'] >= r['target'] else 'no'} |")


if __name__ == "__main__":
    main()
