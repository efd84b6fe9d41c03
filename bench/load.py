#!/usr/bin/env python3
"""Load and soak benchmark: wrk against the HTTP API on SQLite and PostgreSQL, in one run.

    python3 bench/load.py [--binary PATH] [--backend sqlite|postgres|both] [--duration S]
                          [--connections N] [--parts N] [--soak S] [--soak-backend sqlite|postgres]

For each backend:
1. Makes a library of --parts parts (default 20,000) of 1 kbp random DNA, as parts CSV (four roles,
   ten tags), and a fresh database (SQLite: a file; PostgreSQL: `bioreg_load_bench` at --pg-url,
   trust auth, created with psql and dropped at the end).
2. Bulk import, CLI: `bioreg import cli.csv --token T` straight into a second fresh database, one file
   of --batch parts (one transaction, as one HTTP batch; a whole 20,000-part file took 9 minutes on
   PostgreSQL, the time per part grows with the parts of the transaction), timed as a process.
3. Bulk import, HTTP: starts `bioreg serve` (rate limiting off: BIOREG_RATE_LIMIT_PER_IP=0 and
   BIOREG_RATE_LIMIT_PER_TOKEN=0; every wrk connection sends the one submitter's token, so the fair-use
   cap of one user's searches at once, BIOREG_FAIR_PER_USER, and the wait queue, BIOREG_FAIR_QUEUE, are
   raised to twice --connections when that is above their defaults 4 and 64) and POSTs the library to
   /api/v1/imports in batches of --batch parts (default 5,000), one request at a time; parts/s over the
   sum of the request times. New parts are drafts visible to their organisation, so every read below
   sends the importing submitter's token (one token lookup per request), except the anonymous
   scenarios. --publish parts (default 200) are then submitted and approved by a curator for the
   anonymous GET scenario.
4. wrk (--threads 2, --connections 64, --latency, --timeout 10s), each scenario after a short warm-up
   run (not counted): GET /health (anonymous; the baseline, measured first and again last, the
   ratio is against their mean), GET /api/v1/parts/{accession} (random loaded accession, as owner),
   the same anonymously on the published parts, GET /api/v1/parts?role=R&tag=T&limit=50 (random
   filters, each selecting about 1/40 of the library), POST /api/v1/search/sequence (exact, a random
   30-100 bp fragment of a loaded part, half reverse-complemented) and POST /api/v1/parts (a new
   unique random 1 kbp part). req/s, p50/p99 from wrk's latency distribution (bench/wrk/common.lua
   prints it as JSON), errors = non-2xx responses + socket errors (connect/read/write/timeout), and
   the server's own count of non-2xx responses by route (/metrics).
5. Soak (--soak S > 0, on --soak-backend): wrk at the same concurrency for S seconds with the mixed
   script (bench/wrk/mixed.lua: 70 % GET by accession, 20 % lists, 9 % searches, 1 % registrations),
   sampling the server's RSS (VmRSS), its socket fds and the established TCP connections on its port
   every 10 s. RSS growth is measured from the first sample after --soak-warmup (default 60 s) to the
   end, raw and net of the sequence index's own growth (registrations add to it; /metrics).
6. Prints per backend a table (req/s, p50, p99, ratio to /health, errors), the import rates and the
   target checks of the "Hardening" issue (item 6), then a markdown summary for docs/benchmarks.md.

wrk and bioreg share the machine (2 cores on the development VM): the client takes a large share of
the CPU, so absolute figures are lower than on a dedicated server; the ratios are within one run.

Needs: python3, apt-get (installs wrk when missing), psql and a PostgreSQL server for the postgres
backend, cargo when --binary is not given. Takes about 13 minutes with the defaults and no soak
(both backends, 30 s per scenario, 20,000 parts; SQLite about 4.5, PostgreSQL about 8, of which its
imports take about 4 at 90-100 parts/s), about 24 minutes with --soak 600 (measured piecewise on the
busy 2-core VM). Short development run: --duration 5 --parts 2000 --soak 30 (about 2.5 minutes).
CI's smoke (.ci/run, the debug binary; every wrk script once, the soak's mixed.lua included):
--binary target/debug/bioreg --duration 1 --connections 8 --parts 300 --batch 100 --publish 10 --soak 3
--soak-warmup 1 --sample-every 1 --fail-on-errors. --fail-on-errors makes a scenario without a single 2xx
response, or with any non-2xx response or socket error, fail the run (exit 1); the targets never do.
"""
import argparse, json, os, random, re, shutil, signal, subprocess, sys, tempfile, time, urllib.error, urllib.request
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRK_DIR = os.path.join(ROOT, "bench", "wrk")
BASES = bytes.maketrans(bytes(range(256)), b"ACGT" * 64)
COMPLEMENT = str.maketrans("ACGT", "TGCA")
ROLES = ["promoter", "CDS", "terminator", "RBS"]
TAGS = 10
CSV_HEADER = "name,role,sequence,description,molecule_type,topology,aliases,tags,license,source_registry,source_external_id"
# (label, script, method + path shown in the table, anonymous)
SCENARIOS = [
    ("health", "health.lua", "GET /health", True),
    ("get", "get_part.lua", "GET /api/v1/parts/{accession}", False),
    ("get_anon", "get_part.lua", "GET /api/v1/parts/{accession}, anonymous, published", True),
    ("list", "list_parts.lua", "GET /api/v1/parts?role=&tag=&limit=50", False),
    ("search", "search.lua", "POST /api/v1/search/sequence (exact, 30-100 bp)", False),
    ("register", "register.lua", "POST /api/v1/parts (1 kbp)", False),
    ("health2", "health.lua", "GET /health (again, last)", True),
]
TARGET_GET_RATIO, TARGET_GET_P99_MS = 0.5, 10.0
TARGET_IMPORT = {"sqlite": 10_000, "postgres": 5_000}
TARGET_SOAK_GROWTH = 0.10
FAIR_PER_USER_DEFAULT, FAIR_QUEUE_DEFAULT = 4, 64  # bioreg's BIOREG_FAIR_PER_USER and BIOREG_FAIR_QUEUE


def log(message=""):
    print(message, flush=True)


def loadavg():
    return open("/proc/loadavg").read().split()[0]


# ---------------------------------------------------------------- library

def make_library(count, seed):
    """[(name, role, tag, sequence)] of distinct random 1 kbp parts."""
    rng = random.Random(seed)
    parts = []
    for i in range(count):
        sequence = rng.randbytes(1000).translate(BASES).decode()
        parts.append((f"load{i:06d}", ROLES[i % 4], f"set{(i // 4) % TAGS}", sequence))
    return parts


def csv_text(parts):
    lines = [CSV_HEADER]
    for name, role, tag, sequence in parts:
        lines.append(f"{name},{role},{sequence},synthetic load-test part,dna,linear,,{tag};load,CC-BY-4.0,,")
    return "\n".join(lines) + "\n"


def write_lua_data(directory, token, accessions, parts, rng):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "token.txt"), "w") as f:
        f.write(token + "\n")
    with open(os.path.join(directory, "accessions.txt"), "w") as f:
        f.write("\n".join(accessions) + "\n")
    with open(os.path.join(directory, "lists.txt"), "w") as f:
        for role in ROLES:
            for tag in range(TAGS):
                f.write(f"role={role}&tag=set{tag}&limit=50\n")
    with open(os.path.join(directory, "fragments.txt"), "w") as f:
        for k in range(2000):
            sequence = rng.choice(parts)[3]
            length = rng.randint(30, 100)
            start = rng.randrange(0, len(sequence) - length + 1)
            fragment = sequence[start:start + length]
            if k % 2:
                fragment = fragment.translate(COMPLEMENT)[::-1]
            f.write(fragment + "\n")


# ---------------------------------------------------------------- databases and the server

class Postgres:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/")

    def url(self, name):
        return f"{self.base}/{name}"

    def psql(self, sql):
        out = subprocess.run(["psql", self.url("postgres"), "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                             capture_output=True, text=True, env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))
        if out.returncode != 0:
            raise RuntimeError(f"psql -c {sql!r} failed: {out.stderr.strip()}")

    def query(self, sql):
        return subprocess.run(["psql", self.url("postgres"), "-qAtc", sql], check=True, capture_output=True,
                              text=True).stdout.strip()

    def recreate(self, name):
        self.drop(name)
        self.psql(f"CREATE DATABASE {name}")

    def drop(self, name):
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fair_env(a):
    """The fair-use caps for the bench's server: every wrk connection is the same user (one token), so one
    user may have twice as many searches running or waiting as there are connections (else all but 4 would
    get 429 from BIOREG_FAIR_PER_USER), and the queue holds them all. Twice: the searches of the previous wrk
    run (the warm-up) hold their slots until they finish, after wrk has closed their connections."""
    return {"BIOREG_FAIR_PER_USER": str(max(FAIR_PER_USER_DEFAULT, 2 * a.connections)),
            "BIOREG_FAIR_QUEUE": str(max(FAIR_QUEUE_DEFAULT, 2 * a.connections))}


def create_user(binary, env, name, role):
    out = subprocess.run([binary, "user", "create", "--name", name, "--role", role], env=env, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


class Server:
    def __init__(self, binary, env, port, log_path):
        self.binary, self.env, self.port, self.log_path = binary, env, port, log_path
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log_path, "a"))
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{self.base}/ready", timeout=1).read()
                return
            except Exception:
                if self.proc.poll() is not None:
                    sys.exit(f"bioreg exited ({self.proc.returncode}); see {self.log_path}")
                time.sleep(0.1)
        self.stop()
        sys.exit(f"bioreg did not answer /ready in 60 s; see {self.log_path}")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def request(self, method, path, body=None, token=None, content_type="application/json", timeout=600):
        """(status, parsed JSON body or text)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        req = urllib.request.Request(f"{self.base}{path}", data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", content_type)
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode(errors="replace")

    def metrics(self):
        """{(method, route, status): count} of bioreg_http_requests_total, and the index gauges."""
        text = urllib.request.urlopen(f"{self.base}/metrics", timeout=30).read().decode()
        counts, gauges = {}, {}
        for line in text.splitlines():
            m = re.match(r'bioreg_http_requests_total\{(.*)\} (\S+)$', line)
            if m:
                labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
                counts[(labels.get("method"), labels.get("route"), labels.get("status"))] = float(m.group(2))
                continue
            m = re.match(r'(bioreg_sequence_index_\w+) (\S+)$', line)
            if m:
                gauges[m.group(1)] = float(m.group(2))
        return counts, gauges


def server_errors(before, after):
    """Non-2xx responses the server counted between two /metrics snapshots: {(method route, status): n}."""
    out = {}
    for key, value in after.items():
        method, route, status = key
        delta = value - before.get(key, 0)
        if delta > 0 and not status.startswith("2") and route != "/metrics":
            out[f"{method} {route} {status}"] = int(delta)
    return out


# ---------------------------------------------------------------- process probes

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))


def socket_fds(pid):
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            pass
    return count


def established(port):
    """Established TCP connections whose local port is `port` (the server's side of each)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                count += 1
    return count


# ---------------------------------------------------------------- wrk

def ensure_wrk():
    if shutil.which("wrk") is None:
        log("installing wrk (apt-get install -y wrk)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def wrk_command(a, script, url, seconds):
    return ["wrk", "-t", str(a.threads), "-c", str(a.connections), "-d", f"{seconds}s", "--latency",
            "--timeout", "10s", "-s", os.path.join(WRK_DIR, script), url]


def parse_wrk(stdout):
    for line in stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise RuntimeError(f"wrk printed no WRK_JSON line:\n{stdout[-2000:]}")


def summarize(result):
    e = result["errors"]
    seconds = result["duration_us"] / 1e6
    ok = sum(n for status, n in result["statuses"].items() if status.startswith("2"))
    non2xx = sum(n for status, n in result["statuses"].items() if not status.startswith("2"))
    return {
        "requests": result["requests"], "seconds": seconds, "rps": result["requests"] / seconds,
        "ok_rps": ok / seconds,
        "p50_ms": result["latency_us"]["percentiles"]["50"] / 1000,
        "p99_ms": result["latency_us"]["percentiles"]["99"] / 1000,
        "max_ms": result["latency_us"]["max"] / 1000,
        "non2xx": non2xx, "socket_errors": e["connect"] + e["read"] + e["write"] + e["timeout"],
        "socket_detail": {k: e[k] for k in ("connect", "read", "write", "timeout") if e[k]},
        "statuses": result["statuses"], "samples": result["samples"],
    }


def run_wrk(a, script, url, seconds, env):
    out = subprocess.run(wrk_command(a, script, url, seconds), env=env, capture_output=True, text=True,
                         timeout=seconds + 120)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr[-2000:]}")
    return summarize(parse_wrk(out.stdout))


# ---------------------------------------------------------------- one backend

def run_backend(a, backend, binary, workdir, library, pg, seed):
    log(f"\n=== {backend} ===")
    result = {"backend": backend}
    bdir = os.path.join(workdir, backend)
    os.makedirs(bdir, exist_ok=True)
    if backend == "sqlite":
        db_url = f"sqlite://{os.path.join(bdir, 'bench.db')}"
        cli_url = f"sqlite://{os.path.join(bdir, 'cli.db')}"
    else:
        for name in (a.pg_database, a.pg_database + "_cli"):
            pg.recreate(name)
        db_url, cli_url = pg.url(a.pg_database), pg.url(a.pg_database + "_cli")
        result["pg_version"] = "PostgreSQL " + pg.query("SHOW server_version").split()[0]
    # Bulk imports are measured in the request (the synchronous path), never as background jobs.
    base_env = dict(os.environ, BIOREG_LOG="warn", BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_RATE_LIMIT_PER_TOKEN="0",
                    BIOREG_ASYNC_IMPORT_BYTES=str(1 << 40), **fair_env(a))

    # CLI import, straight into a database of its own: one file the size of an HTTP batch (the first batch),
    # so both paths store the same number of parts per transaction.
    cli_parts = min(a.batch, len(library))
    cli_csv = os.path.join(workdir, "cli.csv")
    with open(cli_csv, "w") as f:
        f.write(csv_text(library[:cli_parts]))
    cli_env = dict(base_env, DATABASE_URL=cli_url)
    cli_token = create_user(binary, cli_env, "load-cli", "submitter")
    started = time.perf_counter()
    out = subprocess.run([binary, "import", cli_csv, "--token", cli_token], env=cli_env, capture_output=True,
                         text=True)
    cli_seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"bioreg import failed ({out.returncode}): {out.stderr[-2000:]}")
    stored = json.loads(out.stdout)
    assert stored["stored"] and len(stored["records"]) == cli_parts, "CLI import did not store every part"
    result["cli_import"] = {"parts": cli_parts, "seconds": cli_seconds, "rate": cli_parts / cli_seconds}
    log(f"CLI import: {cli_parts} parts (one file, one transaction) in {cli_seconds:.2f} s = "
        f"{cli_parts / cli_seconds:,.0f} parts/s (process start-up, migrations check and the report included)")

    # The server, and the HTTP import.
    env = dict(base_env, DATABASE_URL=db_url, BIOREG_BIND=f"127.0.0.1:{a.port}",
               BIOREG_PUBLIC_URL=f"http://127.0.0.1:{a.port}")
    if a.pool_size:
        env["BIOREG_POOL_SIZE"] = str(a.pool_size)
    if a.workers:
        env["BIOREG_WORKERS"] = str(a.workers)
    token = create_user(binary, env, "load-submitter", "submitter")
    curator = create_user(binary, env, "load-curator", "curator")
    server = Server(binary, env, a.port, os.path.join(bdir, "server.log"))
    server.start()
    result["server_log"] = server.log_path
    try:
        accessions, request_seconds, batch_rates = [], 0.0, []
        for k in range(0, len(library), a.batch):
            batch = library[k:k + a.batch]
            body = csv_text(batch)
            t = time.perf_counter()
            status, report = server.request("POST", f"/api/v1/imports?format=csv&file_name=load-{k // a.batch}.csv",
                                            body, token, content_type="text/csv")
            elapsed = time.perf_counter() - t
            if status != 201:
                raise RuntimeError(f"import batch {k // a.batch} answered {status}: {str(report)[:2000]}")
            request_seconds += elapsed
            batch_rates.append(len(batch) / elapsed)
            accessions += [r["accession"] for r in report["records"]]
        rate = len(library) / request_seconds
        result["http_import"] = {"parts": len(library), "seconds": request_seconds, "rate": rate,
                                 "batch": a.batch, "first_batch_rate": batch_rates[0], "last_batch_rate": batch_rates[-1]}
        log(f"HTTP import: {len(library)} parts in {len(batch_rates)} request(s) of {a.batch}: {request_seconds:.2f} s "
            f"= {rate:,.0f} parts/s (first batch {batch_rates[0]:,.0f}/s, last {batch_rates[-1]:,.0f}/s)")

        # Readable: as the owner (a draft), not anonymously; found by sequence search.
        status, part = server.request("GET", f"/api/v1/parts/{accessions[-1]}", token=token)
        assert status == 200 and part["sequence"] == library[-1][3], f"owner's GET {accessions[-1]}: {status}"
        anon_status, _ = server.request("GET", f"/api/v1/parts/{accessions[-1]}")
        status, hits = server.request("POST", "/api/v1/search/sequence", {"sequence": library[7][3][100:160]}, token)
        assert status == 200 and any(h["part"]["accession"] == accessions[7] for h in hits["hits"]), \
            f"search did not find {accessions[7]}: {status} {str(hits)[:500]}"
        log(f"read back: owner GET 200 with the same sequence; anonymous GET {anon_status} (drafts); "
            f"search finds the part")

        # Publish a few for the anonymous scenario (submit as the owner, approve as a curator).
        published = []
        t = time.perf_counter()
        for accession in accessions[:a.publish]:
            status, body = server.request("POST", f"/api/v1/parts/{accession}/submit", {"comment": "load bench"}, token)
            if status != 200:
                raise RuntimeError(f"submit {accession}: {status} {str(body)[:500]}")
            status, body = server.request("POST", f"/api/v1/parts/{accession}/review", {"decision": "approve"}, curator)
            if status != 200:
                raise RuntimeError(f"approve {accession}: {status} {str(body)[:500]}")
            published.append(accession)
        if published:
            status, _ = server.request("GET", f"/api/v1/parts/{published[0]}")
            assert status == 200, f"anonymous GET of published {published[0]}: {status}"
            log(f"published {len(published)} parts (submit + approve) in {time.perf_counter() - t:.1f} s; "
                f"anonymous GET 200")

        rng = random.Random(seed)
        owner_data, anon_data = os.path.join(bdir, "lua-owner"), os.path.join(bdir, "lua-anon")
        write_lua_data(owner_data, token, accessions, library, rng)
        write_lua_data(anon_data, "", published or accessions[:1], library, rng)

        # wrk scenarios.
        url = server.base
        warmup = max(1, min(5, a.duration // 10))
        log(f"wrk: {a.threads} threads, {a.connections} connections, {a.duration} s per scenario after a "
            f"{warmup} s warm-up; wrk and bioreg share {os.cpu_count()} cores")
        rows = {}
        for label, script, title, anonymous in SCENARIOS:
            if label == "get_anon" and not published:
                continue
            data = anon_data if anonymous else owner_data
            # the anonymous data directory has an empty token.txt: the scripts then send no Authorization
            wenv = dict(os.environ, BIOREG_BENCH_DATA=data, BIOREG_BENCH_SEED=str(seed * 100 + len(rows)))
            load_before = loadavg()
            run_wrk(a, script, url, warmup, dict(wenv, BIOREG_BENCH_SEED=str(seed * 100 + 50 + len(rows))))
            before, _ = server.metrics()
            row = run_wrk(a, script, url, a.duration, wenv)
            after, _ = server.metrics()
            row.update(title=title, server_non2xx=server_errors(before, after), loadavg_before=load_before)
            rows[label] = row
            log(f"  {title:55} {row['rps']:9,.0f} req/s  p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:8.2f} ms  "
                f"non-2xx {row['non2xx']}  socket errors {row['socket_errors']}  (load {load_before})")
            if not server.alive():
                raise RuntimeError(f"bioreg exited during {title}; see {server.log_path}")
        result["rows"] = rows
        result["health_rps"] = (rows["health"]["rps"] + rows["health2"]["rps"]) / 2

        if a.soak and backend == a.soak_backend:
            result["soak"] = soak(a, server, owner_data, seed)
        _, gauges = server.metrics()
        result["index"] = gauges
    finally:
        server.stop()
    result["server_log_problems"] = log_problems(server.log_path)
    if backend == "postgres" and not a.keep:
        for name in (a.pg_database, a.pg_database + "_cli"):
            pg.drop(name)
    elif backend == "sqlite" and not a.keep:
        for name in os.listdir(bdir):
            if name.startswith(("bench.db", "cli.db")):
                os.remove(os.path.join(bdir, name))
    return result


def log_problems(path):
    """WARN and ERROR lines of the server's log (first few, and how many)."""
    lines = [l.rstrip() for l in open(path, errors="replace") if re.search(r"\b(WARN|ERROR)\b", l)]
    return {"count": len(lines), "first": lines[:5]}


def soak(a, server, data, seed):
    warmup = min(a.soak_warmup, a.soak / 4)
    log(f"\nsoak: {a.soak} s at {a.connections} connections, mix {a.soak_mix}, samples every {a.sample_every} s; "
        f"RSS growth from the first sample after {warmup:.0f} s to the end")
    env = dict(os.environ, BIOREG_BENCH_DATA=data, BIOREG_BENCH_SEED=str(seed * 100 + 99), BIOREG_BENCH_MIX=a.soak_mix)
    before, gauges = server.metrics()
    pid = server.proc.pid
    samples = []

    def sample(t):
        _, g = server.metrics()
        s = {"t": t, "rss_kib": rss_kib(pid), "socket_fds": socket_fds(pid), "established": established(a.port),
             "index_bytes": g.get("bioreg_sequence_index_memory_bytes", 0),
             "index_sequences": g.get("bioreg_sequence_index_sequences", 0), "load": loadavg()}
        samples.append(s)
        log(f"  t={t:5.0f} s  RSS {s['rss_kib'] / 1024:7.1f} MiB  socket fds {s['socket_fds']:4}  established "
            f"{s['established']:4}  index {s['index_bytes'] / 2**20:6.1f} MiB / {s['index_sequences']:.0f} seqs  "
            f"load {s['load']}")

    sample(0)
    proc = subprocess.Popen(wrk_command(a, "mixed.lua", server.base, a.soak), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    started = time.time()
    next_at = a.sample_every
    while proc.poll() is None:
        time.sleep(min(1.0, max(0.05, started + next_at - time.time())))
        if time.time() - started >= next_at and proc.poll() is None:
            sample(time.time() - started)
            next_at += a.sample_every
        if not server.alive():
            proc.kill()
            raise RuntimeError(f"bioreg exited during the soak; see {server.log_path}")
    stdout, stderr = proc.communicate()
    sample(time.time() - started)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed during the soak ({proc.returncode}): {stderr[-2000:]}")
    after, _ = server.metrics()
    row = summarize(parse_wrk(stdout))
    base = next((s for s in samples if s["t"] >= warmup), samples[-1])
    end = samples[-1]
    growth = (end["rss_kib"] - base["rss_kib"]) / base["rss_kib"]
    index_growth_kib = (end["index_bytes"] - base["index_bytes"]) / 1024
    net_growth = (end["rss_kib"] - base["rss_kib"] - index_growth_kib) / base["rss_kib"]
    out = {"seconds": a.soak, "warmup": warmup, "row": row, "server_non2xx": server_errors(before, after),
           "samples": samples, "base": base, "end": end, "max_rss_kib": max(s["rss_kib"] for s in samples),
           "growth": growth, "net_growth": net_growth, "parts_added": end["index_sequences"] - base["index_sequences"]}
    errors = row["non2xx"] + row["socket_errors"]
    log(f"soak: {row['requests']:,} requests, {row['rps']:,.0f} req/s, p50 {row['p50_ms']:.2f} ms, p99 "
        f"{row['p99_ms']:.2f} ms; errors {errors} (non-2xx {row['non2xx']}, socket {row['socket_errors']})")
    log(f"RSS: start {samples[0]['rss_kib'] / 1024:.1f} MiB, after warm-up (t={base['t']:.0f} s) "
        f"{base['rss_kib'] / 1024:.1f} MiB, end {end['rss_kib'] / 1024:.1f} MiB, max {out['max_rss_kib'] / 1024:.1f} MiB; "
        f"growth {growth * 100:+.1f} % ({net_growth * 100:+.1f} % net of the index's "
        f"{index_growth_kib / 1024:+.1f} MiB for {out['parts_added']:.0f} parts registered since)")
    return out


# ---------------------------------------------------------------- report

def verdict(ok):
    return "pass" if ok else "MISS"


def table(result):
    rows, health = result["rows"], result["health_rps"]
    lines = ["| scenario | req/s | p50 ms | p99 ms | req/s / health | errors (non-2xx + socket) |",
             "|---|---:|---:|---:|---:|---:|"]
    for label, _, _, _ in SCENARIOS:
        if label not in rows:
            continue
        r = rows[label]
        lines.append(f"| {r['title']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                     f"{r['rps'] / health:.2f} | {r['non2xx'] + r['socket_errors']} |")
    return lines


def checks(result):
    backend, rows, health = result["backend"], result["rows"], result["health_rps"]
    g = rows["get"]
    ratio = g["rps"] / health
    get_errors = g["non2xx"] + g["socket_errors"]
    out = [(f"GET by accession >= 50 % of /health with p99 <= {TARGET_GET_P99_MS:g} ms",
            f"{ratio * 100:.0f} %, p99 {g['p99_ms']:.2f} ms" + (f", {get_errors} errors" if get_errors else ""),
            ratio >= TARGET_GET_RATIO and g["p99_ms"] <= TARGET_GET_P99_MS and get_errors == 0)]
    target = TARGET_IMPORT[backend]
    rate = result["http_import"]["rate"]
    out.append((f"bulk import >= {target:,} parts/s (HTTP, 1 kbp parts)", f"{rate:,.0f} parts/s "
                f"(CLI {result['cli_import']['rate']:,.0f})", rate >= target))
    if "soak" in result:
        s = result["soak"]
        errors = s["row"]["non2xx"] + s["row"]["socket_errors"]
        out.append((f"soak {s['seconds']} s: 0 errors", f"{errors} errors", errors == 0))
        # judged on the raw growth; the registrations of the mix grow the sequence index legitimately, so the
        # growth net of the index is shown beside it
        note = "" if s["growth"] < TARGET_SOAK_GROWTH or s["net_growth"] >= TARGET_SOAK_GROWTH else \
            "; under 10 % net of the index's growth"
        out.append(("soak: RSS growth < 10 %", f"{s['growth'] * 100:+.1f} % ({s['net_growth'] * 100:+.1f} % net of "
                    f"index growth){note}", s["growth"] < TARGET_SOAK_GROWTH))
    return out


def report(a, results, started_at, elapsed, binary):
    log("\n" + "=" * 100)
    machine = (f"{os.cpu_count()} cores, {int(open('/proc/meminfo').readline().split()[1]) // 1024} MiB RAM; "
               f"wrk ({a.threads} threads) and bioreg share the cores")
    log(f"machine: {machine}")
    fair = fair_env(a)
    log("server: BIOREG_LOG=warn, rate limiting off (BIOREG_RATE_LIMIT_PER_IP=0, BIOREG_RATE_LIMIT_PER_TOKEN=0), "
        f"BIOREG_FAIR_PER_USER={fair['BIOREG_FAIR_PER_USER']}, BIOREG_FAIR_QUEUE={fair['BIOREG_FAIR_QUEUE']}, "
        f"pool size {a.pool_size or 'default (8)'}, workers {a.workers or 'default (one per core)'}")
    log(f"library: {a.parts:,} parts of 1 kbp random DNA; wrk {a.connections} connections, {a.duration} s per scenario")
    for result in results:
        log(f"\n{result['backend']}:")
        for line in table(result):
            log("  " + line)
        ci, hi = result["cli_import"], result["http_import"]
        log(f"  bulk import over HTTP: {hi['rate']:,.0f} parts/s ({hi['parts']:,} parts in batches of {hi['batch']:,}, "
            f"{hi['seconds']:.2f} s); CLI: {ci['rate']:,.0f} parts/s ({ci['parts']:,} parts in one file, {ci['seconds']:.2f} s)")
        for label, r in result["rows"].items():
            problems = dict(r["server_non2xx"])
            if r["socket_detail"]:
                problems["socket"] = r["socket_detail"]
            if problems or r["non2xx"]:
                log(f"  {r['title']}: wrk statuses {r['statuses']}; server counted {problems}")
                for status, body in r["samples"].items():
                    log(f"    first {status} body: {body[:300]}")
        if "soak" in result:
            s = result["soak"]
            if s["server_non2xx"] or s["row"]["non2xx"] or s["row"]["socket_errors"]:
                log(f"  soak: wrk statuses {s['row']['statuses']}, socket {s['row']['socket_detail']}; "
                    f"server counted {s['server_non2xx']}")
                for status, body in s["row"]["samples"].items():
                    log(f"    first {status} body: {body[:300]}")
        problems = result["server_log_problems"]
        if problems["count"]:
            log(f"  server log: {problems['count']} WARN/ERROR line(s) ({result['server_log']}), first:")
            for line in problems["first"]:
                log(f"    {line[:300]}")
        for what, value, ok in checks(result):
            log(f"  target {what}: {value} -> {verdict(ok)}")

    # Markdown for docs/benchmarks.md.
    md = ["", "---- markdown for docs/benchmarks.md ----", "", "## Load and soak (Hardening, item 6)", "",
          f"`python3 bench/load.py --backend {a.backend} --duration {a.duration} --connections {a.connections} "
          f"--parts {a.parts} --soak {a.soak}` ({elapsed / 60:.1f} min); run of {started_at} UTC. Machine: {machine}. "
          f"Server with `BIOREG_LOG=warn` and rate limiting off (`BIOREG_RATE_LIMIT_PER_IP=0`, "
          f"`BIOREG_RATE_LIMIT_PER_TOKEN=0`), `BIOREG_FAIR_PER_USER={fair['BIOREG_FAIR_PER_USER']}` and "
          f"`BIOREG_FAIR_QUEUE={fair['BIOREG_FAIR_QUEUE']}` (one token on every connection). "
          f"Library: {a.parts:,} parts of 1 kbp random DNA, imported as parts CSV; "
          f"reads send the importing submitter's token (the parts are drafts), except /health and the anonymous "
          f"GET of {a.publish} published parts. wrk with {a.threads} threads, {a.connections} connections, "
          f"{a.duration} s per scenario after a warm-up, `--latency`; errors are non-2xx responses plus socket "
          f"errors; the ratio is against the mean of the two /health runs (first and last).", ""]
    for result in results:
        md.append(f"**{result['backend']}**" + (f" ({result['pg_version']}, local)" if result.get("pg_version") else ""))
        md.append("")
        md += table(result)
        ci, hi = result["cli_import"], result["http_import"]
        md += ["", f"Bulk import: {hi['rate']:,.0f} parts/s over HTTP (`POST /api/v1/imports`, parts CSV in batches of "
                   f"{hi['batch']:,}), {ci['rate']:,.0f} parts/s through `bioreg import` ({ci['parts']:,} parts in one file, one process, "
                   f"into a database of its own).", ""]
    md += ["| target | " + " | ".join(r["backend"] for r in results) + " |",
           "|---|" + "---|" * len(results)]
    by_target = {}
    for result in results:
        for what, value, ok in checks(result):
            key = re.sub(r"[\d,]+ parts/s", "N parts/s", what) if what.startswith("bulk") else what
            by_target.setdefault(key, {})[result["backend"]] = f"{'**met**' if ok else '**missed**'}: {value}"
    for what, cells in by_target.items():
        if what.startswith("bulk"):
            what = "bulk import >= 10,000 parts/s on SQLite, >= 5,000 on PostgreSQL (HTTP)"
        md.append(f"| {what} | " + " | ".join(cells.get(r["backend"], "—") for r in results) + " |")
    for result in results:
        if "soak" in result:
            s = result["soak"]
            md += ["", f"Soak on {result['backend']}: {s['seconds']} s at {a.connections} connections, mix "
                       f"`{a.soak_mix}`: {s['row']['requests']:,} requests ({s['row']['rps']:,.0f} req/s, p50 "
                       f"{s['row']['p50_ms']:.2f} ms, p99 {s['row']['p99_ms']:.2f} ms), "
                       f"{s['row']['non2xx'] + s['row']['socket_errors']} errors. RSS {s['samples'][0]['rss_kib'] / 1024:.0f} MiB "
                       f"at the start, {s['base']['rss_kib'] / 1024:.0f} MiB after {s['base']['t']:.0f} s, "
                       f"{s['end']['rss_kib'] / 1024:.0f} MiB at the end (max {s['max_rss_kib'] / 1024:.0f} MiB): "
                       f"{s['growth'] * 100:+.1f} %, {s['net_growth'] * 100:+.1f} % net of the sequence index's growth "
                       f"({s['parts_added']:.0f} parts registered during the soak). Established connections "
                       f"{min(x['established'] for x in s['samples'][1:-1] or s['samples'])}–"
                       f"{max(x['established'] for x in s['samples'])}, socket fds "
                       f"{min(x['socket_fds'] for x in s['samples'])}–{max(x['socket_fds'] for x in s['samples'])}.", "",
                   "```", "    t s   RSS MiB  socket fds  established  index MiB"]
            for x in s["samples"]:
                md.append(f"  {x['t']:5.0f}  {x['rss_kib'] / 1024:8.1f}  {x['socket_fds']:10}  {x['established']:11}  "
                          f"{x['index_bytes'] / 2**20:9.1f}")
            md.append("```")
    for line in md:
        log(line)


def failures(results):
    """Why the run is broken: a scenario (or the soak) with a non-2xx response, a socket error or no 2xx
    response at all. (The targets are judged in the report, never here.)"""
    out = []
    for result in results:
        runs = [(r["title"], r) for r in result["rows"].values()]
        if "soak" in result:
            runs.append(("soak", result["soak"]["row"]))
        for title, r in runs:
            ok = sum(n for status, n in r["statuses"].items() if status.startswith("2"))
            if r["non2xx"] or r["socket_errors"] or not ok:
                out.append(f"{result['backend']}: {title}: {ok} 2xx, {r['non2xx']} non-2xx {r['statuses']}, "
                           f"socket errors {r['socket_detail'] or 0}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", help="bioreg binary (default: cargo build --release, target/release/bioreg)")
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--duration", type=int, default=30, help="seconds per wrk scenario (default 30)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--parts", type=int, default=20_000, help="library size, 1 kbp parts (default 20,000)")
    ap.add_argument("--batch", type=int, default=5_000, help="parts per import request (default 5,000)")
    ap.add_argument("--publish", type=int, default=200, help="parts published for the anonymous GET (default 200)")
    ap.add_argument("--soak", type=int, default=0, help="soak seconds (0: none; 600 for the 10-minute soak)")
    ap.add_argument("--soak-backend", choices=["sqlite", "postgres"], default=None,
                    help="backend of the soak (default sqlite when it runs, else postgres)")
    ap.add_argument("--soak-warmup", type=int, default=60, help="RSS baseline: first sample after this (default 60 s; "
                                                               "at most a quarter of the soak)")
    ap.add_argument("--soak-mix", default="get=70,list=20,search=9,register=1")
    ap.add_argument("--sample-every", type=float, default=10.0)
    ap.add_argument("--pool-size", type=int, default=0, help="BIOREG_POOL_SIZE (default: bioreg's)")
    ap.add_argument("--workers", type=int, default=0, help="BIOREG_WORKERS (default: bioreg's, one per core)")
    ap.add_argument("--port", type=int, default=18680)
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--pg-database", default="bioreg_load_bench")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="work directory (default: a new one under /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep the databases")
    ap.add_argument("--fail-on-errors", action="store_true",
                    help="exit 1 when a scenario or the soak had a non-2xx response, a socket error or no 2xx "
                         "response at all (CI's smoke)")
    a = ap.parse_args()
    backends = ["sqlite", "postgres"] if a.backend == "both" else [a.backend]
    if a.soak and a.soak_backend is None:
        a.soak_backend = "sqlite" if "sqlite" in backends else backends[0]
    if a.soak and a.soak_backend not in backends:
        sys.exit(f"--soak-backend {a.soak_backend} is not among the backends run ({', '.join(backends)})")

    started_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    t0 = time.time()
    estimate = len(backends) * (len(SCENARIOS) * (a.duration + max(1, min(5, a.duration // 10)) + 2) + 30) + a.soak
    log(f"bioreg load bench: {', '.join(backends)}; {a.parts:,} parts; {a.duration} s per scenario; soak {a.soak} s; "
        f"expect about {estimate / 60:.0f} min plus imports")
    log(f"machine: {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[:3]}; wrk and bioreg "
        f"share them")
    log("rate limiting is turned off for the bench: BIOREG_RATE_LIMIT_PER_IP=0, BIOREG_RATE_LIMIT_PER_TOKEN=0; "
        f"one user may have {fair_env(a)['BIOREG_FAIR_PER_USER']} searches at once (BIOREG_FAIR_PER_USER: every "
        "connection sends the same token)")
    ensure_wrk()
    if a.binary:
        binary = os.path.abspath(a.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "bioreg")
    workdir = os.path.abspath(a.out) if a.out else tempfile.mkdtemp(prefix="bioreg-load-")
    os.makedirs(workdir, exist_ok=True)
    log(f"binary {binary}; work directory {workdir}")

    library = make_library(a.parts, a.seed)
    pg = Postgres(a.pg_url) if "postgres" in backends else None
    results = []
    for backend in backends:
        results.append(run_backend(a, backend, binary, workdir, library, pg, a.seed))
    report(a, results, started_at, time.time() - t0, binary)
    if a.fail_on_errors:
        broken = failures(results)
        for line in broken:
            log(f"FAILED {line}")
        if broken:
            sys.exit(1)


if __name__ == "__main__":
    main()
