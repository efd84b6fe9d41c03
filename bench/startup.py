#!/usr/bin/env python3
"""Start-up of `bioreg serve` over a large sequence library (issue 22): first answer and search-ready after a
restart that reads the saved sequence index, against the baseline of a start that builds the index from the
database (BIOREG_INDEX_DIR=off), measured in the same run on the same database; plus a restart after changes
(caught up from the feed), the bytes the database holds per stored base, and the `bioreg import` rate that
built it.

The library: --gbp gigabases of random DNA in parts of --part-length bp (10 kbp by default, so 1.1 Gbp is
110,000 parts and loads in minutes; the index file's size and read time follow the bases, not the number of
parts), written as FASTA files of at most 64 MiB and imported with `bioreg import` straight into the database.

Targets (issue 22, at 1.1 Gbp): first answer <= 1 s, search-ready <= 10 s after a restart.

    python3 bench/startup.py --gbp 1.1 --backend both --binary target/release/bioreg
    python3 bench/startup.py --gbp 0.005 --backend both --binary target/debug/bioreg   # the CI smoke

Every server runs with rate limits off. The work directory (a temporary one unless --work) is removed at the
end unless --keep; the PostgreSQL database (bioreg_startup) is dropped likewise.
"""
import argparse, json, os, random, shutil, signal, subprocess, sys, tempfile, time, urllib.error, urllib.request

ACGT = bytes((b"ACGT"[i % 4]) for i in range(256))
FILE_BYTES = 64 << 20


def log(message):
    print(message, flush=True)


def fasta_files(directory, gbp, part_length, seed):
    """Writes the library as FASTA files; returns (paths, parts, bases)."""
    rng = random.Random(seed)
    total = int(gbp * 1e9)
    paths, parts, bases, out, written = [], 0, 0, None, FILE_BYTES
    while bases < total:
        length = min(part_length, total - bases)
        if length < 100:
            break
        if written + length > FILE_BYTES:
            if out:
                out.close()
            paths.append(os.path.join(directory, f"library-{len(paths):04d}.fa"))
            out, written = open(paths[-1], "wb"), 0
        sequence = rng.randbytes(length).translate(ACGT)
        record = b">p%07d startup bench part %d\n" % (parts, parts) + sequence + b"\n"
        out.write(record)
        written += len(record)
        parts += 1
        bases += length
    if out:
        out.close()
    return paths, parts, bases


def run(binary, env, *args):
    done = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bioreg {' '.join(args[:2])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=2) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    def __init__(self, binary, port, log_path):
        self.binary, self.port, self.log_path = binary, port, log_path
        self.base = f"http://127.0.0.1:{port}"

    def start(self, env):
        """Starts the server; returns (seconds to the first /health 200, seconds to /ready 200, /ready's body)."""
        started = time.perf_counter()
        self.proc = subprocess.Popen([self.binary, "serve"], env=env, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log_path, "a"))
        first = None
        while time.perf_counter() - started < 3600:
            if self.proc.poll() is not None:
                sys.exit(f"bioreg exited ({self.proc.returncode}); see {self.log_path}")
            try:
                status, body = get(self.base, "/health" if first is None else "/ready")
            except OSError:
                time.sleep(0.01)
                continue
            if status == 200 and first is None:
                first = time.perf_counter() - started
            elif status == 200:
                return first, time.perf_counter() - started, json.loads(body)
            else:
                time.sleep(0.05)
        sys.exit(f"bioreg was not ready within an hour; see {self.log_path}")

    def search(self, sequence):
        request = urllib.request.Request(self.base + "/api/v1/search/sequence", method="POST",
                                         data=json.dumps({"sequence": sequence}).encode(),
                                         headers={"content-type": "application/json", "authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["hits"]

    def stop(self):
        """SIGTERM (the index is saved at shutdown when it moved past the file); returns the seconds it took."""
        started = time.perf_counter()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=600)
        return time.perf_counter() - started


def db_bytes(backend, path, admin_url, name):
    if backend == "sqlite":
        return sum(os.path.getsize(path + s) for s in ("", "-wal", "-shm") if os.path.exists(path + s))
    out = subprocess.run(["psql", admin_url, "-tAc", f"SELECT pg_database_size('{name}')"], capture_output=True,
                         text=True, check=True)
    return int(out.stdout.strip())


def fresh_backend(a, backend, bdir, name):
    """The environment of a server (rate limits off, on --port) on a new database: a SQLite file in `bdir`,
    or the PostgreSQL database `name` (dropped and created; its index file in `bdir`/index). Returns
    (env, SQLite path or None)."""
    os.makedirs(bdir, exist_ok=True)
    env = dict(os.environ, BIOREG_RATE_LIMIT_PER_TOKEN="0", BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_LOG="warn",
               BIOREG_BIND=f"127.0.0.1:{a.port}", BIOREG_PUBLIC_URL=f"http://127.0.0.1:{a.port}")
    if backend == "sqlite":
        db_path = os.path.join(bdir, "bioreg.db")
        env["DATABASE_URL"] = f"sqlite://{db_path}"
        return env, db_path
    subprocess.run(["psql", a.pg_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run(["psql", a.pg_url, "-qc", f"CREATE DATABASE {name}"], check=True)
    env["DATABASE_URL"] = a.pg_url.rsplit("/", 1)[0] + "/" + name
    env["BIOREG_INDEX_DIR"] = os.path.join(bdir, "index")
    os.makedirs(env["BIOREG_INDEX_DIR"], exist_ok=True)
    return env, None


def bench_backend(a, backend, work, files, parts, bases, probe):
    bdir = os.path.join(work, backend)
    name = "bioreg_startup"
    env, db_path = fresh_backend(a, backend, bdir, name)
    token = run(a.binary, env, "user", "create", "--name", "bench", "--role", "submitter").strip().splitlines()[-1]
    log(f"\n=== {backend}: importing {parts:,} parts ({bases / 1e9:.3f} Gbp) in {len(files)} file(s) ===")
    started = time.perf_counter()
    for path in files:
        run(a.binary, env, "import", path, "--token", token, "--role", "CDS")
    import_seconds = time.perf_counter() - started
    size = db_bytes(backend, db_path, a.pg_url, name)
    log(f"bioreg import: {parts / import_seconds:,.0f} parts/s ({bases / import_seconds / 1e6:,.1f} Mbp/s); "
        f"database {size / 2**20:,.0f} MiB = {size / bases:.2f} bytes per stored base")
    server = Server(a.binary, a.port, os.path.join(bdir, "serve.log"))
    server.token = token
    runs = {}
    for label, run_env in (("build (baseline, BIOREG_INDEX_DIR=off)", dict(env, BIOREG_INDEX_DIR="off")),
                           ("build and save", env), ("from the saved file", env)):
        first, ready, body = server.start(run_env)
        loaded = body["sequence_index"]["loaded"]
        hits = server.search(probe)
        stop = server.stop()
        runs[label] = dict(first=first, ready=ready, source=loaded["source"], stop=stop)
        log(f"{label}: first answer {first:.2f} s, search-ready {ready:.2f} s (index from the {loaded['source']}, "
            f"{body['sequence_index']['bases'] / 1e9:.3f} Gbp); probe found {len(hits)} hit(s); stopped in {stop:.1f} s")
        if not hits:
            sys.exit("the probe sequence was not found")
    # Changes after the save: 1 % more parts, imported while no server runs; the next start catches them up.
    extra = max(1, parts // 100)
    extra_path = os.path.join(bdir, "extra.fa")
    with open(extra_path, "wb") as out:
        rng = random.Random(99)
        for i in range(extra):
            out.write(b">x%07d\n" % i + rng.randbytes(min(a.part_length, 2000)).translate(ACGT) + b"\n")
    run(a.binary, env, "import", extra_path, "--token", token, "--role", "CDS")
    first, ready, body = server.start(env)
    loaded = body["sequence_index"]["loaded"]
    server.stop()
    runs["from the file after changes"] = dict(first=first, ready=ready, source=loaded["source"],
                                               caught_up=loaded["caught_up"])
    log(f"from the file after {extra:,} new parts: first answer {first:.2f} s, search-ready {ready:.2f} s "
        f"({loaded['caught_up']:,} parts caught up from the feed)")
    index_files = [os.path.join(root, f) for root, _, names in os.walk(bdir) for f in names if f.endswith(".seqindex")]
    index_size = sum(os.path.getsize(f) for f in index_files)
    if backend == "postgres" and not a.keep:
        subprocess.run(["psql", a.pg_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    return dict(backend=backend, import_seconds=import_seconds, db_bytes=size, index_bytes=index_size, runs=runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--gbp", type=float, default=1.1, help="gigabases in the library (default 1.1)")
    ap.add_argument("--part-length", type=int, default=10_000)
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--port", type=int, default=18431)
    ap.add_argument("--work", help="work directory (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory and the PostgreSQL database")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.binary = os.path.abspath(a.binary)
    work = os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix="bioreg-startup-")
    os.makedirs(work, exist_ok=True)
    backends = ["sqlite", "postgres"] if a.backend == "both" else [a.backend]
    log(f"bioreg start-up bench: {a.gbp} Gbp in parts of {a.part_length:,} bp; {', '.join(backends)}; "
        f"{os.cpu_count()} cores; work directory {work}")
    t0 = time.perf_counter()
    files, parts, bases = fasta_files(work, a.gbp, a.part_length, a.seed)
    with open(files[len(files) // 2]) as f:
        f.readline()
        probe = f.readline()[1000:1060] if a.part_length > 1100 else f.readline()[:60]
    log(f"wrote {len(files)} FASTA file(s) in {time.perf_counter() - t0:.1f} s")
    results = [bench_backend(a, b, work, files, parts, bases, probe) for b in backends]
    log("\n## Start-up (issue 22)\n")
    log(f"`python3 bench/startup.py {' '.join(sys.argv[1:])}`: {parts:,} parts, {bases / 1e9:.3f} Gbp "
        f"({a.part_length:,} bp each); {os.cpu_count()} cores.\n")
    log("| backend | start | first answer s | search-ready s | index from | ratio to the build |")
    log("|---|---|---:|---:|---|---:|")
    failed = []
    for r in results:
        base = r["runs"]["build (baseline, BIOREG_INDEX_DIR=off)"]["ready"]
        for label, x in r["runs"].items():
            log(f"| {r['backend']} | {label} | {x['first']:.2f} | {x['ready']:.2f} | {x['source']} | "
                f"{x['ready'] / base:.2f} |")
        warm = r["runs"]["from the saved file"]
        for what, value, target in (("first answer", warm["first"], 1.0), ("search-ready", warm["ready"], 10.0)):
            verdict = "met" if value <= target else "MISSED"
            log(f"- {r['backend']}: {what} from the saved file {value:.2f} s (target <= {target:g} s at 1.1 Gbp: "
                f"{verdict})")
        log(f"- {r['backend']}: database {r['db_bytes'] / 2**20:,.0f} MiB = {r['db_bytes'] / bases:.2f} bytes per "
            f"stored base (target <= 2.5); index file {r['index_bytes'] / 2**20:,.0f} MiB; `bioreg import` "
            f"{parts / r['import_seconds']:,.0f} parts/s")
        if warm["source"] != "file":
            failed.append(f"{r['backend']}: the restart did not read the saved index")
    if not a.keep and not a.work:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        sys.exit("; ".join(failed))


if __name__ == "__main__":
    main()
