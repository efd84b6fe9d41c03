#!/usr/bin/env python3
"""Scale benchmark: a library of a million parts, a hundred thousand strains and a million samples, loaded
through bioreg's own import path, then every list filter, sort, text search, deep page, GET by accession and
sequence search timed on one connection and under 64 (wrk), each against /health of the same run (issue 20).

    python3 bench/scale.py [--parts N] [--strains N] [--samples N] [--backend sqlite|postgres|both]
                           [--library DIR] [--binary PATH] [--requests N] [--duration S] [--out REPORT.md]

For each backend (SQLite, then PostgreSQL):
1. Library. A deterministic generator (--seed) makes --parts parts (default 1,000,000): random sequences of
   200-2,000 residues (98.5 % DNA, 1 % RNA, 0.5 % protein), six roles (CDS 30 %, promoter 20 %,
   terminator 15 %, engineered_region 15 %, RBS 10 %, plasmid_vector 10 %; plasmid vectors and 30 % of
   engineered regions circular), four tags of falling selectivity (t20pct, t5pct, t1pct, t01pct: one in five
   down to one in a thousand, drawn independently), names (a quarter from a pool of about a thousand
   well-known names, so they repeat; the rest unique, such as `gfp0012345`), aliases (half have a
   `BBa_K…` alias, a tenth a second one) and descriptions of 6-14 words drawn Zipf-like from a vocabulary
   (the commonest word is in about 70 % of descriptions, the 1,000th in about 0.1 %). 90 % of the records
   belong to the lab `scale-a`, 10 % to `scale-b`. --strains strains (default parts/10) in lineage families
   of 1-12 (each derived from an earlier member by name in the same file; 5 % also from a strain of an
   earlier file by accession), 14 taxa of 6 organism types, culture-collection numbers (`DSM 1000123`),
   aliases, genotypes, risk groups 1-2, the four tags, and 40 % carrying 1-3 parts by accession (five
   popular plasmids per lab). --samples samples (default = parts) over 70 % of the strains, skewed (the
   busiest strain holds about 1/sqrt(holders) of them), each in a freezer position of its own.
2. Load, only through bioreg's own paths, as each lab's submitter (users and tokens from the CLI), through
   a loading server: parts and then strains as CSV files of --batch records (default 5,000), one
   transaction each, through `--loader`: `http` (POST /api/v1/imports), `cli` (`bioreg import FILE --token
   T`, straight into the database while the server runs) or `compare` (default: the first full-size parts
   files alternate CLI, HTTP, CLI, HTTP; a CLI file counts until the running server's sequence index holds
   its parts, which it takes from the change feed, since an HTTP import updates the index before it
   answers; the faster way in parts/s takes the rest; both rates reported). There is no bulk path for hosts
   or samples: parts get hosts by JSON merge patch (PATCH /api/v1/parts/{acc}, If-Match "*": 2 % E. coli
   562, 0.2 % S. cerevisiae 4932; the parts CSV has no hosts column), samples by POST
   /api/v1/strains/{acc}/samples, over --threads keep-alive connections (default 4).
   Then --publish (default 1 %) of the parts and strains are published: submit as the owner, approve as a
   curator (strains first get the fields a submission needs by merge patch; only family roots that carry
   no part, since a strain is approved only after its parents and parts). Loading server:
   BIOREG_REQUEST_TIMEOUT=3600 (a 5,000-record import transaction of the debug binary on PostgreSQL can
   pass the 60 s default, which would answer 503 while the import still commits), rate limits off; every
   other setting is bioreg's default (256 MiB import files, 32 MiB JSON bodies are far above what is sent).
3. Saved library (--library DIR): DIR keeps the SQLite file and manifest.json (parameters, tokens, every
   accession, the tags, names, words and collection numbers probed with their selectivity, the timings of
   the load). PostgreSQL keeps its database, bioreg_scale_<parts> (with _s<seed>, _st<strains>,
   _sa<samples> when those are not the defaults). A later run with the same DIR and parameters skips
   loading; other parameters reload. Without --library everything lives in a temporary directory and the
   databases are dropped at the end (--keep keeps them).
4. Measure, on a fresh server (rate limits off, BIOREG_LOG=warn, everything else bioreg's default): the
   server's RSS and the database size first, then on one keep-alive connection (http.client), --requests
   timed requests per shape after one warm-up, each with `Cache-Control: no-cache` so that they measure the
   database path, not the server's read cache (the same URL each time, except GETs and searches, which
   take a random record or fragment per request; a shape stops after --shape-seconds once it has 5): /health (first and last, the baseline), every part list
   filter alone (q on a unique name, a repeated name, part of a name, an alias, an accession, a common,
   a medium and a rare description word, a miss; role; molecule_type; topology; host_taxid; each tag;
   owner_org; length_min/max; created_after/before), combinations, every sort alone and with a filter,
   page --pages (default 20) by following next_cursor (the walk is timed too, then that page is timed
   --requests times with its cursor; a shape with fewer pages has its last page timed), a few lists
   anonymously; every strain list filter alone and
   combined (q on names, collection numbers in their three forms, taxa, aliases, genotypes; strains have
   no sort parameter); the samples of a busy, a middling and a one-sample strain (the only sample list);
   GET by accession as the owner and anonymously on published records (parts and strains), each also
   repeated on one record without no-cache (the read cache's hit path); POST
   /api/v1/search/sequence exact (40 bp) and similarity (500 bp, 3 % substituted). Each row: rows on the
   page, p50/p95/p99 (p99 is the maximum for 50 requests), p50 / /health p50, and the issue's target:
   lists p50 <= 10 ms and p99 <= 50 ms, GET p50 <= 1 ms (searches have none).
   Then curation at scale (issue 22, `measure_batch_decision`): the lab imports --batch-decision parts (default
   10,000) as one CSV file, submits the import in one call and the curator approves it with one POST
   /api/v1/reviews/batch, timed (target <= 10 s), against --batch-baseline (200) single reviews extrapolated.
   --batch-only runs this step alone, each backend on a fresh database without a library.
5. Under --connections (default 64) with wrk (--duration s per scenario, after a warm-up of a tenth of
   it when that is a second or more, 2 threads, bench/wrk/health.lua and bench/wrk/scale_urls.lua; the
   next scenario waits until the server is idle, since it still answers the requests wrk left queued): /health first and last, GET part by accession as
   the owner (5,000 random picks of the owner's parts), anonymously on published parts, as the owner on any
   of the owner's parts (mostly read-cache misses at scale), part lists by random role+tag and by random q,
   strain lists by random taxon/organism type/tag. req/s / /health req/s (mean of the two runs), p99 and the
   read cache's hit rate over the scenario (from /metrics); targets: GET >= 0.5 of /health with p99 <= 10 ms,
   lists >= 0.2 of /health.
6. RSS (VmRSS, VmHWM) of the loading server after loading and of the measuring server at start, after the
   one-connection measurements and after wrk; database size on disk (SQLite file with -wal and -shm,
   pg_database_size); prints a markdown report per backend (and writes it to --out).

Options: --parts (1,000,000), --strains (parts/10), --samples (= parts), --seed (1), --backend (both),
--binary (default: cargo build --release, target/release/bioreg), --port (18690, the measuring server;
loading servers take the next one or two), --pg-url
(postgres://postgres@127.0.0.1:5432), --library DIR, --work DIR, --keep, --batch (5,000), --loader
(compare), --threads (4), --parallel-load (both libraries load at once, then are measured one after the
other), --publish (0.01), --requests (50), --shape-seconds (30), --pages (20), --limit (page size, 100),
--duration (30), --connections (64), --wrk-threads (2), --out FILE, --load-only (with --library: load and
stop, so that the library can be measured later by another binary), --fail-on-errors (exit 1 when a
request answered other than expected or a wrk scenario completed nothing; targets never fail the run).

How long: the smoke `--parts 20000 --backend both --binary target/debug/bioreg --requests 5 --duration 2`
took 6.9 minutes on the 2-core development VM with other work on it (load average 3-5): SQLite 1.9 min
loading (parts 68 s at about 300 parts/s, samples 34 s) and 1.0 min measuring, PostgreSQL 3.1 min loading
(parts about 105 s at 200 parts/s, samples 44 s) and 1.0 min measuring; 6.4 minutes with --parallel-load.
Loading dominates, and in it the parts import and the sample POSTs of the debug binary. The full default run
takes hours: the million parts import at the bulk import rate (docs/benchmarks.md "Bulk imports": about
2,800 parts/s on SQLite and 1,100 on PostgreSQL with the release binary at 100,000 parts, so about 6 and 15
minutes, more as the tables grow),
the million samples are a million POSTs, and before index work a list over a million parts takes long enough
that --shape-seconds (30) bounds most shapes; use --library so that a second run only measures.

Needs: python3, wrk (apt-get install -y wrk when missing), psql and a PostgreSQL server with trust auth for
the postgres backend, cargo when --binary is not given.
"""
import argparse, bisect, csv, http.client, urllib.request, io, json, math, os, random, re, shutil, signal, subprocess, sys
import tempfile, threading, time, urllib.parse
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRK_DIR = os.path.join(ROOT, "bench", "wrk")

DNA = bytes.maketrans(bytes(range(256)), b"ACGT" * 64)
RNA = bytes.maketrans(bytes(range(256)), b"ACGU" * 64)
PROTEIN = bytes.maketrans(bytes(range(256)), (b"ACDEFGHIKLMNPQRSTVWY" * 13)[:256])
MUTATE = {"A": "CGT", "C": "AGT", "G": "ACT", "T": "ACG"}

# (role as written in the CSV, weight, name prefixes, share circular)
ROLES = [
    ("CDS", 0.30, ["gfp", "rfp", "lacZ", "tetR", "lacI", "cI", "araC", "luxR", "cas9", "mCherry"], 0.0),
    ("promoter", 0.20, ["pTet", "pLac", "pBAD", "pJ", "pT7", "pLux"], 0.0),
    ("terminator", 0.15, ["rrnB", "Tdbl", "Term", "Lthree"], 0.0),
    ("engineered_region", 0.15, ["dev", "gate", "circuit", "module"], 0.3),
    ("RBS", 0.10, ["rbs", "Bzero", "utr"], 0.0),
    ("plasmid_vector", 0.10, ["pSB", "pUC", "pET", "pACYC"], 1.0),
]
ROLE_CUM = [sum(r[1] for r in ROLES[:k + 1]) for k in range(len(ROLES))]
TAGS = [("t20pct", 0.20), ("t5pct", 0.05), ("t1pct", 0.01), ("t01pct", 0.001)]
ORGS = ["scale-a", "scale-b"]
ORG_B_SHARE = 0.10
HOSTS = [(562, "Escherichia coli", 0.02), (4932, "Saccharomyces cerevisiae", 0.002)]
REAL_WORDS = ["expression", "strong", "constitutive", "inducible", "reporter", "fluorescent", "variant",
              "library", "codon", "optimized", "weak", "medium", "synthetic", "backbone", "origin", "copy",
              "regulated", "repressor", "activator", "sensor", "circuit", "tuned", "characterized", "assembly",
              "standard", "modular", "orthogonal", "degradation", "tag", "fusion"]
VOCABULARY = 5000
# (taxon name, NCBI taxid, organism type, weight, abbreviation, growth medium, temperature)
TAXA = [
    ("Escherichia coli", 562, "bacteria", 0.45, "EC", "LB", 37),
    ("Bacillus subtilis", 1423, "bacteria", 0.10, "BS", "LB", 37),
    ("Saccharomyces cerevisiae", 4932, "yeast", 0.10, "SC", "YPD", 30),
    ("Pseudomonas putida", 303, "bacteria", 0.06, "PP", "LB", 30),
    ("Corynebacterium glutamicum", 1718, "bacteria", 0.05, "CG", "BHI", 30),
    ("Streptomyces coelicolor", 1902, "bacteria", 0.04, "SCO", "ISP2", 30),
    ("Yarrowia lipolytica", 4952, "yeast", 0.03, "YL", "YPD", 28),
    ("Aspergillus niger", 5061, "fungi", 0.03, "AN", "PDA", 30),
    ("Synechocystis sp. PCC 6803", 1148, "bacteria", 0.03, "SY", "BG-11", 30),
    ("Trichoderma reesei", 51453, "fungi", 0.02, "TR", "PDA", 28),
    ("Lactiplantibacillus plantarum", 1590, "bacteria", 0.03, "LP", "MRS", 37),
    ("Chlamydomonas reinhardtii", 3055, "algae", 0.02, "CR", "TAP", 25),
    ("Haloferax volcanii", 2246, "archaea", 0.03, "HV", "Hv-YPC", 42),
    ("Sulfolobus acidocaldarius", 2285, "archaea", 0.01, "SA", "Brock", 75),
]
TAXA_CUM = [sum(t[3] for t in TAXA[:k + 1]) for k in range(len(TAXA))]
COLLECTIONS = ["DSM", "ATCC", "CGMCC", "NRRL", "JCM", "NBRC", "NCIMB", "CICC"]
GENES = ["lacZ-", "recA1", "endA1", "hsdR17", "delta-araBAD", "gyrA96", "relA1", "supE44", "thi-1", "ura3-52",
         "leu2-3", "his3-200", "trp1", "ade2", "deoR", "rpsL", "mcrA", "lon", "ompT", "galK"]
DERIVATIONS = ["transformation", "mutagenesis", "gene_knockout", "gene_knockin", "adaptive_evolution"]
COUNTRIES = ["US", "DE", "CN", "JP", "GB", "FR", "NL", "KR"]
SITES = ["Shenzhen", "Boston", "Braunschweig"]
PRESERVATION = ["glycerol -80 °C", "lyophilised", "liquid nitrogen", "DMSO -80 °C"]
PART_COLUMNS = ["name", "role", "sequence", "description", "molecule_type", "topology", "aliases", "tags",
                "license", "source_registry", "source_external_id"]
STRAIN_COLUMNS = ["name", "organism_type", "taxon_name", "ncbi_taxid", "risk_group", "biosafety_level", "aliases",
                  "other_collection_numbers", "genotype", "phenotype", "gmo", "genome_accessions", "parents",
                  "parts", "growth_media", "growth_temperature_c", "isolated_from", "country", "depositor", "tags",
                  "source_registry", "source_external_id", "type_strain"]
# The issue's targets.
LIST_P50_MS, LIST_P99_MS, GET_P50_MS = 10.0, 50.0, 1.0
WRK_GET_RATIO, WRK_GET_P99_MS, WRK_LIST_RATIO = 0.5, 10.0, 0.2
MANIFEST_VERSION = 1


LOG = threading.local()


def log(message=""):
    prefix = getattr(LOG, "prefix", "")
    if prefix:
        message = "\n".join(f"[{prefix}] {line}" if line else line for line in str(message).split("\n"))
    print(message, flush=True)


def percentile(values, p):
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def fmt_seconds(s):
    return f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min"


# ---------------------------------------------------------------- HTTP

class Client:
    """One keep-alive HTTP/1.1 connection (reopened when the server closes it)."""

    def __init__(self, port, timeout=3600):
        self.port, self.timeout, self.conn = port, timeout, None

    def request(self, method, path, body=None, token=None, content_type="application/json", headers=None):
        """(status, body bytes, seconds from sending the request to the last byte of the answer)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        h = dict(headers or {})
        if body is not None:
            h["Content-Type"] = content_type
        if token:
            h["Authorization"] = f"Bearer {token}"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                started = time.perf_counter()
                self.conn.request(method, path, body=body, headers=h)
                response = self.conn.getresponse()
                data = response.read()
                seconds = time.perf_counter() - started
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, data, seconds
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError,
                    http.client.CannotSendRequest):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def json(self, method, path, body=None, token=None, expect=(200,), **kw):
        status, data, _ = self.request(method, path, body, token, **kw)
        if status not in expect:
            raise RuntimeError(f"{method} {path} answered {status}: {data[:1000].decode(errors='replace')}")
        return json.loads(data) if data else None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run_parallel(port, jobs, threads, label, total):
    """Runs fn(client) for every fn of the iterable `jobs` on `threads` keep-alive connections; logs progress
    every 15 s; raises the first failure. Returns (count, seconds)."""
    it = iter(jobs)
    lock = threading.Lock()
    state = {"done": 0, "error": None}
    started = time.perf_counter()

    def worker():
        client = Client(port)
        try:
            while True:
                with lock:
                    if state["error"] is not None:
                        return
                    try:
                        job = next(it)
                    except StopIteration:
                        return
                try:
                    job(client)
                except Exception as error:  # noqa: BLE001 - reported below
                    with lock:
                        state["error"] = state["error"] or error
                    return
                with lock:
                    state["done"] += 1
        finally:
            client.close()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for t in pool:
        t.start()
    last = started
    while any(t.is_alive() for t in pool):
        for t in pool:
            t.join(timeout=1)
        now = time.perf_counter()
        if now - last >= 15 and total:
            last = now
            done = state["done"]
            log(f"    {label}: {done:,}/{total:,} ({done / (now - started):,.0f}/s)")
    if state["error"] is not None:
        raise state["error"]
    return state["done"], time.perf_counter() - started


# ---------------------------------------------------------------- databases, processes, the server

class Postgres:
    def __init__(self, base_url):
        self.base = base_url.rstrip("/")

    def url(self, name):
        return f"{self.base}/{name}"

    def psql(self, sql, database="postgres"):
        out = subprocess.run(["psql", self.url(database), "-v", "ON_ERROR_STOP=1", "-qAtc", sql], capture_output=True,
                             text=True, env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))
        if out.returncode != 0:
            raise RuntimeError(f"psql -c {sql!r} failed: {out.stderr.strip()}")
        return out.stdout.strip()

    def exists(self, name):
        return self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"

    def recreate(self, name):
        self.drop(name)
        self.psql(f"CREATE DATABASE {name}")

    def drop(self, name):
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def size(self, name):
        return int(self.psql(f"SELECT pg_database_size('{name}')"))

    def version(self):
        return "PostgreSQL " + self.psql("SHOW server_version").split()[0]


def cli(binary, env, *args):
    out = subprocess.run([binary, *args], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"bioreg {' '.join(args)} failed ({out.returncode}): {out.stderr[-2000:]}")
    return out.stdout


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid, limit=120.0):
    """Waits until the process uses under 5 % of a core over half a second (requests queued by a wrk run that
    has ended are still being answered), at most `limit` seconds; returns the seconds waited."""
    started = time.perf_counter()
    last = cpu_seconds(pid)
    while time.perf_counter() - started < limit:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - last < 0.025:
            break
        last = now
    return time.perf_counter() - started


def proc_status(pid):
    """{'VmRSS': KiB, 'VmHWM': KiB} of a process."""
    text = open(f"/proc/{pid}/status").read()
    return {k: int(re.search(rf"{k}:\s+(\d+) kB", text).group(1)) for k in ("VmRSS", "VmHWM")}


class Server:
    def __init__(self, binary, env, port, log_path):
        self.binary, self.env, self.port, self.log_path = binary, env, port, log_path
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None

    def start(self, env=None):
        """Starts `bioreg serve` (with `env` instead of the server's own when given) and waits for its first
        answer (/health) and then for /ready (the sequence index loaded). Returns the seconds to /health; the
        seconds to /ready and /ready's body are kept in ready_seconds and ready_body."""
        started = time.perf_counter()
        self.proc = subprocess.Popen([self.binary, "serve"], env=env or self.env, stdout=subprocess.DEVNULL,
                                     stderr=open(self.log_path, "a"))
        client = Client(self.port, timeout=2)
        first = None
        while True:
            try:
                status, data, _ = client.request("GET", "/health" if first is None else "/ready")
                now = time.perf_counter() - started
                if status == 200 and first is None:
                    first = now
                    continue
                if status == 200:
                    client.close()
                    self.ready_seconds, self.ready_body = now, json.loads(data)
                    return first
            except OSError:
                pass
            if self.proc.poll() is not None:
                sys.exit(f"bioreg exited ({self.proc.returncode}); see {self.log_path}")
            if time.perf_counter() - started > 1800:
                self.stop()
                sys.exit(f"bioreg did not answer /ready in 30 min; see {self.log_path}")
            time.sleep(0.02 if first is None else 0.1)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def memory(self):
        return proc_status(self.proc.pid)

    def index_gauges(self):
        client = Client(self.port)
        _, data, _ = client.request("GET", "/metrics")
        client.close()
        out = {}
        for line in data.decode().splitlines():
            m = re.match(r"(bioreg_sequence_index_\w+) (\S+)$", line)
            if m:
                out[m.group(1)] = float(m.group(2))
        return out


# ---------------------------------------------------------------- the library

def pseudo_words(rng, count):
    """The description vocabulary: REAL_WORDS first (the commonest), then made-up words of four syllables
    (eight letters, so none is a substring of another)."""
    words, seen = list(REAL_WORDS), set(REAL_WORDS)
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    while len(words) < count:
        w = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(4))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


class Plan:
    """Everything the generator decides, from the seed and the sizes alone."""

    def __init__(self, a):
        self.parts, self.strains, self.samples, self.seed = a.parts, a.strains, a.samples, a.seed
        self.batch, self.publish = a.batch, a.publish
        self.words = pseudo_words(random.Random(f"{self.seed}-words"), VOCABULARY)
        weights = [1 / (r + 1) for r in range(len(self.words))]
        self.word_cum = [0.0] * len(weights)
        total = 0.0
        for k, w in enumerate(weights):
            total += w
            self.word_cum[k] = total
        self.famous = []
        for role, _, prefixes, _ in ROLES:
            for prefix in prefixes:
                for k in range(max(1, 1000 // 31)):
                    self.famous.append((role, f"{prefix}-{k:02d}"))
        self.famous_by_role = {}
        for role, name in self.famous:
            self.famous_by_role.setdefault(role, []).append(name)

    def params(self):
        return {"parts": self.parts, "strains": self.strains, "samples": self.samples, "seed": self.seed,
                "batch": self.batch, "publish": self.publish, "version": MANIFEST_VERSION}


def generate_parts(plan, probe_indices):
    """Yields (index, org 0/1, CSV row, facts) for every part, in index order. `facts` is small: what the
    strains and the probes need later (role, molecule type, length; the whole row for probe indices)."""
    rng = random.Random(f"{plan.seed}-parts")
    for i in range(plan.parts):
        org = 1 if rng.random() < ORG_B_SHARE else 0
        r = rng.random() * ROLE_CUM[-1]
        role_k = bisect.bisect_right(ROLE_CUM, r)
        role_k = min(role_k, len(ROLES) - 1)
        role, _, prefixes, circular_share = ROLES[role_k]
        m = rng.random()
        molecule = "dna" if m < 0.985 else ("rna" if m < 0.995 else "protein")
        topology = "circular" if molecule == "dna" and rng.random() < circular_share else "linear"
        length = rng.randint(200, 2000)
        table = DNA if molecule == "dna" else RNA if molecule == "rna" else PROTEIN
        sequence = rng.randbytes(length).translate(table).decode()
        famous = rng.random() < 0.25
        if famous:
            name = rng.choice(plan.famous_by_role[role])
        else:
            name = f"{rng.choice(prefixes)}{i:07d}"
        aliases = []
        if rng.random() < 0.5:
            aliases.append(f"BBa_K{3000000 + i}")
            if rng.random() < 0.2:
                aliases.append(f"iGEM{2010 + i % 15}-{i:07d}")
        words = rng.choices(plan.words, cum_weights=plan.word_cum, k=rng.randint(6, 14))
        description = " ".join(words)
        tags = [tag for tag, share in TAGS if rng.random() < share]
        row = [name, role, sequence, description, molecule, topology, ";".join(aliases), ";".join(tags),
               "CC-BY-4.0", "scale bench", f"scale-{i}"]
        facts = {"role": role_k, "molecule": molecule, "length": length, "tags": tags, "famous": famous,
                 "name": name, "words": words}
        if i in probe_indices:
            facts["probe"] = {"index": i, "org": org, "name": name, "aliases": aliases, "role": role,
                              "molecule": molecule, "topology": topology, "length": length, "tags": tags,
                              "famous": famous, "sequence": sequence if molecule == "dna" else None}
        yield i, org, row, facts


def csv_text(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def plan_strains(plan, part_orgs, part_roles):
    """The strains, in families, and their import files. Returns (strains, batches): strains[i] a dict;
    batches a list of (org, [strain indices]) in import order (a family is never split; a parent in another
    file is named by the index of a strain in an earlier file of the same organisation)."""
    rng = random.Random(f"{plan.seed}-strains")
    parts_of = [[], []]
    popular = [[], []]
    for i, org in enumerate(part_orgs):
        parts_of[org].append(i)
        if ROLES[part_roles[i]][0] == "plasmid_vector" and len(popular[org]) < 5:
            popular[org].append(i)
    strains, batches = [], []
    buffers, flushed = [[], []], [[], []]
    family = 0
    while len(strains) < plan.strains:
        org = 1 if rng.random() < ORG_B_SHARE else 0
        size = min(rng.randint(1, 12), plan.strains - len(strains))
        t = min(bisect.bisect_right(TAXA_CUM, rng.random() * TAXA_CUM[-1]), len(TAXA) - 1)
        taxon = TAXA[t]
        members = []
        for k in range(size):
            i = len(strains)
            name = f"{taxon[4]} F{family:06d}-{k}"
            parents, cross = [], None
            if k:
                parent = rng.randrange(k)
                parents.append(f"{taxon[4]} F{family:06d}-{parent} ({rng.choice(DERIVATIONS)})")
                if flushed[org] and rng.random() < 0.05:
                    cross = rng.choice(flushed[org][-1000:])
            numbers = []
            if rng.random() < 0.85:
                numbers.append(f"{rng.choice(COLLECTIONS)} {1000000 + i}")
                if rng.random() < 0.15:
                    numbers.append(f"{rng.choice(COLLECTIONS)} {5000000 + i}")
            aliases = [f"{taxon[4]}-{i:06d}"] if rng.random() < 0.3 else []
            genotype = " ".join(rng.sample(GENES, rng.randint(1, 3))) if k or rng.random() < 0.3 else ""
            carried = []
            if parts_of[org] and rng.random() < 0.4:
                chosen = set()
                for _ in range(rng.randint(1, 3)):
                    if popular[org] and rng.random() < 0.3:
                        chosen.add(rng.choice(popular[org]))
                    else:
                        chosen.add(rng.choice(parts_of[org]))
                for p in sorted(chosen):
                    relation = "plasmid" if ROLES[part_roles[p]][0] == "plasmid_vector" else \
                        rng.choice(["plasmid", "chromosomal_integration"])
                    carried.append((p, relation))
            strains.append({
                "org": org, "name": name, "taxon": t, "parents": parents, "cross": cross, "numbers": numbers,
                "aliases": aliases, "genotype": genotype, "carried": carried,
                "risk_group": 2 if rng.random() < 0.15 else 1,
                "tags": [tag for tag, share in TAGS if rng.random() < share],
                "country": rng.choice(COUNTRIES), "gmo": bool(k) or bool(carried)})
            members.append(i)
        buffers[org].extend(members)
        family += 1
        if len(buffers[org]) >= plan.batch:
            batches.append((org, buffers[org]))
            flushed[org].extend(buffers[org])
            buffers[org] = []
    for org in (0, 1):
        if buffers[org]:
            batches.append((org, buffers[org]))
    return strains, batches, popular


def strain_row(s, part_accessions, strain_accessions):
    taxon = TAXA[s["taxon"]]
    parents = list(s["parents"])
    if s["cross"] is not None:
        parents.append(f"{strain_accessions[s['cross']]} (cross)")
    carried = [f"{part_accessions[p]} ({relation})" for p, relation in s["carried"]]
    return [s["name"], taxon[2], taxon[0], taxon[1], s["risk_group"], s["risk_group"], ";".join(s["aliases"]),
            ";".join(s["numbers"]), s["genotype"], "", "true" if s["gmo"] else "false", "", ";".join(parents),
            ";".join(carried), taxon[5], taxon[6], "", s["country"], "scale bench", ";".join(s["tags"]),
            "scale bench", "", "false"]


def sample_plan(plan, holders):
    """Yields (sample index, strain index, body) for every sample."""
    rng = random.Random(f"{plan.seed}-samples")
    for j in range(plan.samples):
        strain = holders[int(len(holders) * rng.random() ** 2)]
        position = f"{'ABCDEFGHI'[j % 81 // 9]}{j % 9 + 1}"
        box, rack, freezer = (j // 81) % 100, (j // 8100) % 10, j // 81000
        body = {"location": {"site": SITES[freezer % len(SITES)], "freezer": f"F{freezer:03d}",
                             "rack": f"R{rack}", "box": f"B{box:02d}", "position": position},
                "preservation_method": PRESERVATION[j % len(PRESERVATION)], "quantity": f"{1 + j % 5} vials"}
        yield j, strain, body


# ---------------------------------------------------------------- loading

class Loader:
    """Imports CSV files as one lab's submitter: over HTTP or through the CLI. With --loader compare, the first
    full-size files alternate between the two ways until each has had two (`compared`), then the faster way
    takes the rest; a CLI file is counted until the running server's sequence index holds its parts (the
    server follows the change feed), as an HTTP import updates the index before it answers."""

    def __init__(self, a, binary, env, server, workdir):
        self.a, self.binary, self.env, self.server, self.workdir = a, binary, env, server, workdir
        self.client = Client(server.port)
        self.compared = {w: {"records": 0, "seconds": 0.0, "files": 0, "commit_seconds": 0.0} for w in ("cli", "http")}
        self.totals = {w: {"records": 0, "seconds": 0.0, "files": 0} for w in ("cli", "http")}
        self.choice = None if a.loader == "compare" else a.loader

    def index_size(self):
        return self.server.index_gauges().get("bioreg_sequence_index_sequences", 0)

    def rate(self, way):
        c = self.compared[way]
        return c["records"] / c["seconds"] if c["seconds"] else None

    def import_file(self, kind, text, token, count, label, indexed=0):
        """Returns the accessions, in file order. `indexed`: how many of the records the sequence index takes
        (DNA and RNA parts)."""
        way = self.choice
        comparing = way is None and count >= self.a.batch
        if way is None:
            if comparing or not (self.compared["cli"]["files"] and self.compared["http"]["files"]):
                way = "cli" if self.compared["cli"]["files"] <= self.compared["http"]["files"] else "http"
            else:
                way = max(("cli", "http"), key=self.rate)
        committed = None
        if way == "http":
            started = time.perf_counter()
            report = self.client.json("POST", f"/api/v1/imports?kind={kind}&format=csv&file_name={label}.csv",
                                      text, token, expect=(201,), content_type="text/csv")
            seconds = time.perf_counter() - started
        else:
            path = os.path.join(self.workdir, f"{label}.csv")
            with open(path, "w") as f:
                f.write(text)
            wait = comparing and indexed
            expected = self.index_size() + indexed if wait else 0
            started = time.perf_counter()
            out = cli(self.binary, self.env, "import", path, "--kind", kind, "--format", "csv", "--token", token)
            committed = time.perf_counter() - started
            while wait and self.index_size() < expected:
                if time.perf_counter() - started > committed + 3600:
                    raise RuntimeError(f"the server's sequence index did not take up {label} within an hour")
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            os.remove(path)
            report = json.loads(out)
        if not report.get("stored") or len(report["records"]) != count:
            raise RuntimeError(f"import {label} did not store every record: {str(report)[:2000]}")
        for stats in [self.totals[way]] + ([self.compared[way]] if comparing else []):
            stats["records"] += count
            stats["seconds"] += seconds
            stats["files"] += 1
        if comparing and committed is not None:
            self.compared[way]["commit_seconds"] += committed
        extra = f"; committed after {committed:.1f} s, in the server's index after {seconds:.1f} s" \
            if committed is not None and comparing and indexed else ""
        log(f"    {label}: {count:,} {kind} via {way} in {seconds:.1f} s ({count / seconds:,.0f}/s{extra})")
        if self.choice is None and self.compared["http"]["files"] >= 2 and self.compared["cli"]["files"] >= 2:
            self.choice = max(("cli", "http"), key=self.rate)
            log(f"    loader comparison: CLI {self.rate('cli'):,.0f}/s, HTTP {self.rate('http'):,.0f}/s -> the rest "
                f"via {self.choice}")
        return [r["accession"] for r in sorted(report["records"], key=lambda r: r["index"])]

    def summary(self):
        return {"compared": {w: dict(c, rate=self.rate(w)) for w, c in self.compared.items()},
                "totals": self.totals, "choice": self.choice or (max(("cli", "http"), key=lambda w: self.rate(w) or 0)
                                                                 if any(self.rate(w) for w in ("cli", "http")) else None),
                "decided": self.choice is not None or self.a.loader != "compare", "mode": self.a.loader}


def load_library(a, plan, backend, binary, env, workdir, tokens, port):
    """Loads the library through a server of its own on `port`; returns the manifest section (probes,
    accessions, timings)."""
    server = Server(binary, env, port, os.path.join(workdir, f"{backend}-load.log"))
    boot = server.start()
    log(f"  loading server up in {boot:.1f} s")
    loader = Loader(a, binary, env, server, workdir)
    timings = {}
    out = {}
    try:
        # Parts.
        t0 = time.perf_counter()
        probe_rng = random.Random(f"{plan.seed}-probes")
        probe_indices = set(probe_rng.sample(range(plan.parts), min(plan.parts, 400)))
        part_orgs = bytearray(plan.parts)
        part_roles = bytearray(plan.parts)
        part_molecules = bytearray(plan.parts)
        part_accessions = [None] * plan.parts
        tag_counts = {tag: 0 for tag, _ in TAGS}
        role_counts = [0] * len(ROLES)
        word_docs = {}
        famous_counts = {}
        probes = []
        length_counts = {"ge1900": 0, "le300": 0, "1000-1010": 0}
        molecule_counts = {"dna": 0, "rna": 0, "protein": 0}
        circular = 0
        buffers = [[], []]
        files = [0]

        def flush(org):
            rows = buffers[org]
            buffers[org] = []
            label = f"{backend}-parts-{files[0]:04d}-{ORGS[org]}"
            files[0] += 1
            indexed = sum(1 for _, r in rows if r[4] != "protein")
            accessions = loader.import_file("parts", csv_text(PART_COLUMNS, [r for _, r in rows]),
                                            tokens[ORGS[org]], len(rows), label, indexed)
            for (i, _), acc in zip(rows, accessions):
                part_accessions[i] = acc

        for i, org, row, facts in generate_parts(plan, probe_indices):
            part_orgs[i], part_roles[i] = org, facts["role"]
            part_molecules[i] = ("dna", "rna", "protein").index(facts["molecule"])
            role_counts[facts["role"]] += 1
            molecule_counts[facts["molecule"]] += 1
            circular += row[5] == "circular"
            for tag in facts["tags"]:
                tag_counts[tag] += 1
            for w in set(facts["words"]):
                word_docs[w] = word_docs.get(w, 0) + 1
            if facts["famous"]:
                famous_counts[facts["name"]] = famous_counts.get(facts["name"], 0) + 1
            length = facts["length"]
            length_counts["ge1900"] += length >= 1900
            length_counts["le300"] += length <= 300
            length_counts["1000-1010"] += 1000 <= length <= 1010
            if "probe" in facts:
                probes.append(facts["probe"])
            buffers[org].append((i, row))
            if len(buffers[org]) >= plan.batch:
                flush(org)
        for org in (0, 1):
            if buffers[org]:
                flush(org)
        timings["parts"] = {"records": plan.parts, "seconds": time.perf_counter() - t0}

        # Hosts (no bulk path: merge patches).
        rng = random.Random(f"{plan.seed}-hosts")
        hosts = []
        host_counts = {}
        for i in range(plan.parts):
            r = rng.random()
            if part_molecules[i] == 2:
                continue
            edge = 0.0
            for taxid, host_name, share in HOSTS:
                edge += share
                if r < edge:
                    hosts.append((i, taxid, host_name))
                    host_counts[taxid] = host_counts.get(taxid, 0) + 1
                    break

        def host_job(item):
            i, taxid, host_name = item

            def job(client):
                client.json("PATCH", f"/api/v1/parts/{part_accessions[i]}", {"hosts": [{"name": host_name, "taxid": taxid}]},
                            tokens[ORGS[part_orgs[i]]], content_type="application/merge-patch+json",
                            headers={"If-Match": "*"})
            return job

        n, seconds = run_parallel(port, (host_job(h) for h in hosts), a.threads, "host patches", len(hosts))
        timings["hosts"] = {"records": n, "seconds": seconds}
        log(f"  hosts: {n:,} parts patched in {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f}/s)")

        # Strains.
        t0 = time.perf_counter()
        strains, batches, popular = plan_strains(plan, part_orgs, part_roles)
        strain_accessions = [None] * len(strains)
        for k, (org, members) in enumerate(batches):
            rows = [strain_row(strains[i], part_accessions, strain_accessions) for i in members]
            accessions = loader.import_file("strains", csv_text(STRAIN_COLUMNS, rows), tokens[ORGS[org]],
                                            len(rows), f"{backend}-strains-{k:04d}-{ORGS[org]}")
            for i, acc in zip(members, accessions):
                strain_accessions[i] = acc
        timings["strains"] = {"records": len(strains), "seconds": time.perf_counter() - t0}

        # Samples (no bulk path: one POST each).
        holders_rng = random.Random(f"{plan.seed}-holders")
        holders = list(range(len(strains)))
        holders_rng.shuffle(holders)
        holders = holders[:max(1, int(len(holders) * 0.7))] if holders else []
        sample_counts = {}

        def sample_jobs():
            for j, s, body in sample_plan(plan, holders):
                sample_counts[s] = sample_counts.get(s, 0) + 1

                def job(client, s=s, body=body):
                    client.json("POST", f"/api/v1/strains/{strain_accessions[s]}/samples", body,
                                tokens[ORGS[strains[s]["org"]]], expect=(201,))
                yield job

        n, seconds = run_parallel(port, sample_jobs() if holders else iter(()), a.threads, "samples", plan.samples)
        timings["samples"] = {"records": n, "seconds": seconds}
        log(f"  samples: {n:,} POSTs in {seconds:.1f} s ({n / max(seconds, 1e-9):,.0f}/s, {a.threads} connections)")

        # Publish a slice: parts (submit, approve), strains (the fields a submission needs, submit, approve).
        rng = random.Random(f"{plan.seed}-publish")
        published_parts = [i for i in range(plan.parts) if rng.random() < plan.publish]
        # A strain is approved only after its parents and carried parts: publish roots that carry nothing.
        eligible = [i for i, st in enumerate(strains) if not st["parents"] and st["cross"] is None and not st["carried"]]
        published_strains = sorted(rng.sample(eligible, min(len(eligible), round(plan.publish * len(strains)))))

        def publish_job(kind, accession, owner):
            def job(client):
                base = f"/api/v1/{kind}/{accession}"
                if kind == "strains":
                    client.json("PATCH", base, {"restrictions_on_use": "no_restriction",
                                                "nagoya_protocol": "does_not_apply", "forms_of_supply": ["lyophilized"]},
                                owner, content_type="application/merge-patch+json", headers={"If-Match": "*"})
                client.json("POST", f"{base}/submit", {"comment": "scale bench"}, owner)
                client.json("POST", f"{base}/review", {"decision": "approve"}, tokens["curator"])
            return job

        jobs = [publish_job("parts", part_accessions[i], tokens[ORGS[part_orgs[i]]]) for i in published_parts]
        jobs += [publish_job("strains", strain_accessions[i], tokens[ORGS[strains[i]["org"]]]) for i in published_strains]
        n, seconds = run_parallel(port, jobs, a.threads, "publish", len(jobs))
        timings["publish"] = {"records": n, "seconds": seconds}
        log(f"  published {len(published_parts):,} parts and {len(published_strains):,} strains in {seconds:.1f} s")

        # The creation times at 10 % and 90 % of the parts (for created_after/before).
        ordered = sorted(range(plan.parts), key=lambda i: (len(part_accessions[i]), part_accessions[i]))
        client = Client(port)
        created = {}
        for label, fraction in (("p10", 0.1), ("p90", 0.9)):
            i = ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]
            created[label] = client.json("GET", f"/api/v1/parts/{part_accessions[i]}",
                                         token=tokens[ORGS[part_orgs[i]]])["created_at"]
        client.close()
        out["load_memory"] = server.memory()
        out["load_index"] = server.index_gauges()
    finally:
        server.stop()
    out["load_server_start_seconds"] = boot

    # Facts for the probes.
    carriers = {}
    for i, s in enumerate(strains):
        for p, _ in s["carried"]:
            carriers[p] = carriers.get(p, 0) + 1
    a_parts = [i for i in range(plan.parts) if part_orgs[i] == 0]
    single = next((p for p, c in sorted(carriers.items()) if c == 1 and part_orgs[p] == 0), None)
    uncarried = next((p for p in a_parts if p not in carriers), None)
    popular_a = popular[0][0] if popular[0] else None
    ranked_holders = sorted(sample_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    taxon_counts, type_counts, risk_counts, strain_tag_counts = {}, {}, {1: 0, 2: 0}, {tag: 0 for tag, _ in TAGS}
    for s in strains:
        taxon = TAXA[s["taxon"]]
        taxon_counts[taxon[1]] = taxon_counts.get(taxon[1], 0) + 1
        type_counts[taxon[2]] = type_counts.get(taxon[2], 0) + 1
        risk_counts[s["risk_group"]] += 1
        for tag in s["tags"]:
            strain_tag_counts[tag] += 1
    ranked_words = sorted(word_docs.items(), key=lambda kv: -kv[1])

    def word_near(share):
        target = share * plan.parts
        return min(ranked_words, key=lambda kv: abs(kv[1] - target)) if ranked_words else ("none", 0)

    probe_a = [p for p in probes if p["org"] == 0]
    unique_probe = next(p for p in probe_a if not p["famous"])
    alias_probe = next(p for p in probe_a if p["aliases"])
    famous_name = max(famous_counts.items(), key=lambda kv: (kv[1], kv[0])) if famous_counts else (unique_probe["name"], 1)
    strain_probe = next((i for i, s in enumerate(strains) if s["org"] == 0 and s["numbers"] and s["aliases"]
                         and s["genotype"]), 0)
    sp = strains[strain_probe] if strains else None
    genotype_word = sp["genotype"].split()[0] if sp and sp["genotype"] else "reca1"
    dna_probes = [p for p in probe_a if p["sequence"]]
    qrng = random.Random(f"{plan.seed}-queries")
    exact, similar = [], []
    for k in range(200):
        p = qrng.choice(dna_probes)
        seq = p["sequence"]
        start = qrng.randrange(0, len(seq) - 40 + 1)
        exact.append(seq[start:start + 40])
    for k in range(50):
        p = qrng.choice([p for p in dna_probes if p["length"] >= 600] or dna_probes)
        seq = p["sequence"]
        size = min(500, len(seq))
        start = qrng.randrange(0, len(seq) - size + 1)
        window = list(seq[start:start + size])
        for pos in qrng.sample(range(size), size * 3 // 100):
            window[pos] = qrng.choice(MUTATE[window[pos]])
        similar.append("".join(window))
    out.update({
        "complete": True,
        "timings": timings,
        "loader": loader.summary(),
        "part_accessions": part_accessions,
        "part_orgs": "".join(str(o) for o in part_orgs),
        "strain_accessions": strain_accessions,
        "strain_orgs": "".join(str(s["org"]) for s in strains),
        "published_parts": [part_accessions[i] for i in published_parts],
        "published_strains": [strain_accessions[i] for i in published_strains],
        "created": created,
        "selectivity": {
            "parts": plan.parts, "strains": len(strains), "samples": sum(sample_counts.values()),
            "part_tags": tag_counts, "roles": {ROLES[k][0]: c for k, c in enumerate(role_counts)},
            "molecules": molecule_counts, "circular": circular, "lengths": length_counts,
            "hosts": {str(k): v for k, v in host_counts.items()},
            "org_b_parts": plan.parts - a_parts.__len__(),
            "strain_taxa": {str(k): v for k, v in taxon_counts.items()}, "organism_types": type_counts,
            "risk_groups": {str(k): v for k, v in risk_counts.items()}, "strain_tags": strain_tag_counts,
            "strains_with_samples": len(sample_counts),
        },
        "probes": {
            "unique_name": unique_probe["name"],
            "famous_name": famous_name[0], "famous_name_count": famous_name[1],
            "partial_name": unique_probe["name"][:-2],
            "alias": alias_probe["aliases"][0],
            "accession": part_accessions[unique_probe["index"]],
            "word_common": word_near(0.5), "word_medium": word_near(0.02), "word_rare": word_near(0.001),
            "strain_name": sp["name"] if sp else None,
            "strain_number": sp["numbers"][0] if sp else None,
            "strain_alias": sp["aliases"][0] if sp else None,
            "strain_genotype_word": genotype_word,
            "strain_accession": strain_accessions[strain_probe] if sp else None,
            "carries_popular": part_accessions[popular_a] if popular_a is not None else None,
            "carries_popular_count": carriers.get(popular_a, 0),
            "carries_single": part_accessions[single] if single is not None else None,
            "carries_none": part_accessions[uncarried] if uncarried is not None else None,
            "samples_busy": [strain_accessions[ranked_holders[0][0]], ranked_holders[0][1]] if ranked_holders else None,
            "samples_middle": [strain_accessions[ranked_holders[len(ranked_holders) // 2][0]],
                               ranked_holders[len(ranked_holders) // 2][1]] if ranked_holders else None,
            "samples_one": next(([strain_accessions[s], c] for s, c in reversed(ranked_holders) if c == 1), None),
            "exact_queries": exact, "similarity_queries": similar,
        },
    })
    return out


# ---------------------------------------------------------------- measuring

def q(path, **params):
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None}, quote_via=urllib.parse.quote)
    return f"{path}?{query}" if query else path


def part_shapes(lib, limit):
    """(group, label, url, who) of every part list shape."""
    p, s, c = lib["probes"], lib["selectivity"], lib["created"]
    n = s["parts"]
    L = lambda **kw: q("/api/v1/parts", limit=limit, **kw)  # noqa: E731
    pct = lambda count: f"{100 * count / max(n, 1):.2g} %"  # noqa: E731
    wc, wm, wr = p["word_common"], p["word_medium"], p["word_rare"]
    rows = [
        ("part filter", "no filter (default sort created_at)", L(), "owner"),
        ("part filter", f"q = unique name `{p['unique_name']}`", L(q=p["unique_name"]), "owner"),
        ("part filter", f"q = repeated name `{p['famous_name']}` ({p['famous_name_count']} parts)",
         L(q=p["famous_name"]), "owner"),
        ("part filter", f"q = part of a name `{p['partial_name']}`", L(q=p["partial_name"]), "owner"),
        ("part filter", f"q = alias `{p['alias']}`", L(q=p["alias"]), "owner"),
        ("part filter", f"q = accession `{p['accession']}`", L(q=p["accession"]), "owner"),
        ("part filter", f"q = common description word `{wc[0]}` ({pct(wc[1])})", L(q=wc[0]), "owner"),
        ("part filter", f"q = medium description word `{wm[0]}` ({pct(wm[1])})", L(q=wm[0]), "owner"),
        ("part filter", f"q = rare description word `{wr[0]}` ({pct(wr[1])})", L(q=wr[0]), "owner"),
        ("part filter", "q = no match `zzqxzzqx`", L(q="zzqxzzqx"), "owner"),
        ("part filter", f"role = CDS ({pct(s['roles']['CDS'])})", L(role="CDS"), "owner"),
        ("part filter", f"role = plasmid_vector ({pct(s['roles']['plasmid_vector'])})", L(role="plasmid_vector"), "owner"),
        ("part filter", f"molecule_type = dna ({pct(s['molecules']['dna'])})", L(molecule_type="dna"), "owner"),
        ("part filter", f"molecule_type = protein ({pct(s['molecules']['protein'])})", L(molecule_type="protein"), "owner"),
        ("part filter", f"topology = circular ({pct(s['circular'])})", L(topology="circular"), "owner"),
        ("part filter", f"host_taxid = 562 ({pct(s['hosts'].get('562', 0))})", L(host_taxid=562), "owner"),
        ("part filter", f"host_taxid = 4932 ({pct(s['hosts'].get('4932', 0))})", L(host_taxid=4932), "owner"),
        ("part filter", "host_taxid = 9606 (none)", L(host_taxid=9606), "owner"),
    ]
    for tag, _ in TAGS:
        rows.append(("part filter", f"tag = {tag} ({pct(s['part_tags'][tag])})", L(tag=tag), "owner"))
    rows += [
        ("part filter", f"owner_org = scale-a (own, {pct(n - s['org_b_parts'])})", L(owner_org="scale-a"), "owner"),
        ("part filter", "owner_org = scale-b (another lab: only its published parts)", L(owner_org="scale-b"), "owner"),
        ("part filter", f"length_min = 1900 ({pct(s['lengths']['ge1900'])})", L(length_min=1900), "owner"),
        ("part filter", f"length_max = 300 ({pct(s['lengths']['le300'])})", L(length_max=300), "owner"),
        ("part filter", f"length 1000-1010 ({pct(s['lengths']['1000-1010'])})", L(length_min=1000, length_max=1010), "owner"),
        ("part filter", "created_after = 90th percentile (last 10 %)", L(created_after=c["p90"]), "owner"),
        ("part filter", "created_before = 10th percentile (first 10 %)", L(created_before=c["p10"]), "owner"),
        ("part combination", "role = CDS & tag = t1pct", L(role="CDS", tag="t1pct"), "owner"),
        ("part combination", "role = promoter & owner_org = scale-a", L(role="promoter", owner_org="scale-a"), "owner"),
        ("part combination", "tag = t5pct & length_min = 1500", L(tag="t5pct", length_min=1500), "owner"),
        ("part combination", f"q = `{wm[0]}` & role = terminator", L(q=wm[0], role="terminator"), "owner"),
        ("part combination", "role = RBS & topology = linear & tag = t20pct & length_max = 1000",
         L(role="RBS", topology="linear", tag="t20pct", length_max=1000), "owner"),
        ("part combination", "host_taxid = 562 & role = CDS", L(host_taxid=562, role="CDS"), "owner"),
        ("part combination", "molecule_type = dna & topology = circular & owner_org = scale-a",
         L(molecule_type="dna", topology="circular", owner_org="scale-a"), "owner"),
        ("part combination", "role = plasmid_vector & created_after = p90", L(role="plasmid_vector", created_after=c["p90"]), "owner"),
        ("part combination", "tag = t01pct & role = CDS & molecule_type = dna", L(tag="t01pct", role="CDS", molecule_type="dna"), "owner"),
    ]
    for key in ("created_at", "name", "length", "accession"):
        for sort in (key, f"-{key}"):
            rows.append(("part sort", f"sort = {sort}", L(sort=sort), "owner"))
            rows.append(("part sort", f"sort = {sort} & tag = t5pct", L(sort=sort, tag="t5pct"), "owner"))
    rows += [
        ("part anonymous", "no filter, anonymous (published only)", L(), "anon"),
        ("part anonymous", "role = CDS, anonymous", L(role="CDS"), "anon"),
        ("part anonymous", f"q = `{wc[0]}`, anonymous", L(q=wc[0]), "anon"),
        ("part anonymous", "sort = -name, anonymous", L(sort="-name"), "anon"),
    ]
    return rows


def page_shapes(limit):
    L = lambda **kw: q("/api/v1/parts", limit=limit, **kw)  # noqa: E731
    rows = [("no filter, sort = created_at", L())]
    for key in ("created_at", "name", "length", "accession"):
        for sort in ((f"-{key}",) if key == "created_at" else (key, f"-{key}")):
            rows.append((f"sort = {sort}", L(sort=sort)))
    rows += [("role = CDS & sort = -created_at", L(role="CDS", sort="-created_at")),
             ("tag = t20pct & sort = name", L(tag="t20pct", sort="name")),
             ("q = `a` & sort = length", L(q="a", sort="length"))]
    return rows


def strain_shapes(lib, limit):
    p, s = lib["probes"], lib["selectivity"]
    n = max(s["strains"], 1)
    L = lambda **kw: q("/api/v1/strains", limit=limit, **kw)  # noqa: E731
    pct = lambda count: f"{100 * count / n:.2g} %"  # noqa: E731
    number = p["strain_number"] or "DSM 1000000"
    coll, digits = number.split()
    rows = [
        ("strain filter", "no filter (registration order)", L(), "owner"),
        ("strain filter", f"q = name `{p['strain_name']}`", L(q=p["strain_name"]), "owner"),
        ("strain filter", f"q = collection number `{number}`", L(q=number), "owner"),
        ("strain filter", f"q = collection number `{coll.lower()}{digits}`", L(q=f"{coll.lower()}{digits}"), "owner"),
        ("strain filter", f"q = collection number `{digits}`", L(q=digits), "owner"),
        ("strain filter", f"q = taxon `bacillus subtilis` ({pct(s['strain_taxa'].get('1423', 0))})",
         L(q="bacillus subtilis"), "owner"),
        ("strain filter", f"q = taxon `sulfolobus` ({pct(s['strain_taxa'].get('2285', 0))})", L(q="sulfolobus"), "owner"),
        ("strain filter", f"q = alias `{p['strain_alias']}`", L(q=p["strain_alias"]), "owner"),
        ("strain filter", f"q = genotype `{p['strain_genotype_word']}`", L(q=p["strain_genotype_word"]), "owner"),
        ("strain filter", f"q = accession `{p['strain_accession']}`", L(q=p["strain_accession"]), "owner"),
        ("strain filter", "q = no match `zzqxzzqx`", L(q="zzqxzzqx"), "owner"),
        ("strain filter", f"ncbi_taxid = 562 ({pct(s['strain_taxa'].get('562', 0))})", L(ncbi_taxid=562), "owner"),
        ("strain filter", f"ncbi_taxid = 2285 ({pct(s['strain_taxa'].get('2285', 0))})", L(ncbi_taxid=2285), "owner"),
        ("strain filter", f"organism_type = bacteria ({pct(s['organism_types'].get('bacteria', 0))})",
         L(organism_type="bacteria"), "owner"),
        ("strain filter", f"organism_type = archaea ({pct(s['organism_types'].get('archaea', 0))})",
         L(organism_type="archaea"), "owner"),
        ("strain filter", f"risk_group = 2 ({pct(s['risk_groups']['2'])})", L(risk_group=2), "owner"),
        ("strain filter", f"carries_part = popular plasmid ({p['carries_popular_count']} strains)",
         L(carries_part=p["carries_popular"]), "owner"),
        ("strain filter", "carries_part = a part carried by one strain", L(carries_part=p["carries_single"]), "owner"),
        ("strain filter", "carries_part = a part carried by none", L(carries_part=p["carries_none"]), "owner"),
        ("strain filter", f"has_samples = true ({pct(s['strains_with_samples'])})", L(has_samples="true"), "owner"),
        ("strain filter", f"has_samples = false ({pct(n - s['strains_with_samples'])})", L(has_samples="false"), "owner"),
    ]
    for tag, _ in TAGS:
        rows.append(("strain filter", f"tag = {tag} ({pct(s['strain_tags'][tag])})", L(tag=tag), "owner"))
    rows += [
        ("strain filter", "owner_org = scale-a (own)", L(owner_org="scale-a"), "owner"),
        ("strain filter", "owner_org = scale-b (another lab: only its published strains)", L(owner_org="scale-b"), "owner"),
        ("strain combination", "organism_type = bacteria & risk_group = 2", L(organism_type="bacteria", risk_group=2), "owner"),
        ("strain combination", "ncbi_taxid = 562 & has_samples = true", L(ncbi_taxid=562, has_samples="true"), "owner"),
        ("strain combination", "tag = t5pct & organism_type = yeast", L(tag="t5pct", organism_type="yeast"), "owner"),
        ("strain combination", "q = `escherichia` & tag = t1pct", L(q="escherichia", tag="t1pct"), "owner"),
        ("strain combination", "carries_part = popular & has_samples = false",
         L(carries_part=p["carries_popular"], has_samples="false"), "owner"),
        ("strain combination", "owner_org = scale-a & ncbi_taxid = 1423 & risk_group = 1",
         L(owner_org="scale-a", ncbi_taxid=1423, risk_group=1), "owner"),
        ("strain anonymous", "no filter, anonymous (published only)", L(), "anon"),
        ("strain anonymous", "organism_type = bacteria, anonymous", L(organism_type="bacteria"), "anon"),
    ]
    return rows


def target_of(kind, p50, p99):
    """(text, met) for one row."""
    if kind == "list":
        return f"p50 <= {LIST_P50_MS:g}, p99 <= {LIST_P99_MS:g}", p50 <= LIST_P50_MS and p99 <= LIST_P99_MS
    if kind == "get":
        return f"p50 <= {GET_P50_MS:g}", p50 <= GET_P50_MS
    return "—", None


class Measure:
    def __init__(self, a, port, tokens, failures):
        self.a, self.port, self.tokens, self.failures = a, port, tokens, failures
        self.client = Client(port, timeout=600)
        self.rows = []

    def token(self, who):
        return None if who == "anon" else self.tokens["scale-a"]

    def time(self, method, url_of, who, n, body_of=None, expect=200, cached=False):
        """[seconds] of n requests (after one warm-up), and the last answer's (status, parsed body). Unless
        `cached`, every request says `Cache-Control: no-cache`, so it measures the database path, not the
        server's read cache."""
        times, last = [], None
        started = time.perf_counter()
        for k in range(n + 1):
            if len(times) >= 5 and time.perf_counter() - started > self.a.shape_seconds:
                break  # a slow shape stops after --shape-seconds (with at least 5 timed requests)
            url = url_of(k)
            body = body_of(k) if body_of else None
            headers = None if cached else {"Cache-Control": "no-cache"}
            status, data, seconds = self.client.request(method, url, body, self.token(who), headers=headers)
            if status != expect:
                self.failures.append(f"{method} {url} ({who}): {status} {data[:300].decode(errors='replace')}")
                return None, (status, data)
            if k:
                times.append(seconds * 1000)
            last = (status, data)
        return times, last

    def add(self, group, label, request, kind, times, last, rows_text=None, note=""):
        if times is None:
            status, data = last
            self.rows.append({"group": group, "label": label, "request": request, "kind": kind, "error":
                              f"{status}: {data[:200].decode(errors='replace')}"})
            log(f"  {group:18} {label[:70]:70} ERROR {status}")
            return
        if rows_text is None and last is not None:
            try:
                body = json.loads(last[1])
                if isinstance(body, dict) and "items" in body:
                    rows_text = f"{len(body['items'])}{'+' if body.get('next_cursor') else ''}"
                elif isinstance(body, dict) and "hits" in body:
                    rows_text = f"{len(body['hits'])} hits"
                elif isinstance(body, list):
                    rows_text = str(len(body))
            except ValueError:
                rows_text = ""
        row = {"group": group, "label": label, "request": request, "kind": kind, "rows": rows_text or "",
               "n": len(times), "p50": percentile(times, 50), "p95": percentile(times, 95),
               "p99": percentile(times, 99), "note": note}
        self.rows.append(row)
        log(f"  {group:18} {label[:70]:70} {row['rows']:>6}  p50 {row['p50']:8.2f}  p95 {row['p95']:8.2f}  "
            f"p99 {row['p99']:8.2f} ms")

    def health(self, label, n):
        times, last = self.time("GET", lambda k: "/health", "anon", n)
        self.add("baseline", label, "GET /health", "health", times, last, rows_text="")
        return percentile(times, 50) if times else None

    def lists(self, shapes):
        for group, label, url, who in shapes:
            times, last = self.time("GET", lambda k: url, who, self.a.requests)
            self.add(group, label, f"GET {url}", "list", times, last)

    def deep_pages(self, shapes, group):
        """Walks each shape to page --pages by next_cursor (timing the walk), then times that page with its
        cursor. A shape with fewer pages has its last page timed instead (labelled so)."""
        for label, url in shapes:
            cursor, page_cursor, walk, page, failed = None, None, 0.0, 0, False
            while page < self.a.pages and (page == 0 or cursor):
                page_url = url + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
                status, data, seconds = self.client.request("GET", page_url, None, self.token("owner"))
                if status != 200:
                    self.failures.append(f"GET {page_url}: {status} {data[:300].decode(errors='replace')}")
                    self.add(group, f"page {self.a.pages}: {label}", f"GET {url}", "list", None, (status, data))
                    failed = True
                    break
                walk += seconds
                page += 1
                page_cursor = cursor
                cursor = json.loads(data).get("next_cursor")
            if failed:
                continue
            title = f"page {page}: {label}" if page == self.a.pages else \
                f"page {page} (the last; no page {self.a.pages}): {label}"
            page_url = url + (f"&cursor={urllib.parse.quote(page_cursor)}" if page_cursor else "")
            times, last = self.time("GET", lambda k: page_url, "owner", self.a.requests)
            self.add(group, title, f"GET {url}&cursor=…", "list", times, last,
                     note=f"walk of pages 1-{page}: {walk * 1000:.0f} ms")


def measure_one_connection(a, lib, tokens, port, failures):
    m = Measure(a, port, tokens, failures)
    rng = random.Random(f"{a.seed}-measure")
    health_n = max(200, a.requests)
    h1 = m.health("GET /health (first)", health_n)
    log("  parts")
    m.lists(part_shapes(lib, a.limit))
    m.deep_pages(page_shapes(a.limit), "part page")
    log("  strains")
    m.lists(strain_shapes(lib, a.limit))
    strain_pages = [("no filter", q("/api/v1/strains", limit=a.limit)),
                    ("organism_type = bacteria", q("/api/v1/strains", limit=a.limit, organism_type="bacteria"))]
    m.deep_pages(strain_pages, "strain page")
    p = lib["probes"]
    for label, probe in (("busiest strain", p["samples_busy"]), ("middle strain", p["samples_middle"]),
                         ("one-sample strain", p["samples_one"])):
        if probe:
            url = f"/api/v1/strains/{probe[0]}/samples"
            times, last = m.time("GET", lambda k: url, "owner", a.requests)
            m.add("samples", f"samples of the {label} ({probe[1]} samples)", f"GET {url}", "list", times, last)
    log("  GET by accession")
    own_parts = [acc for acc, org in zip(lib["part_accessions"], lib["part_orgs"]) if org == "0"]
    own_strains = [acc for acc, org in zip(lib["strain_accessions"], lib["strain_orgs"]) if org == "0"]
    for label, pool, kind, who in (("part, as the owner", own_parts, "parts", "owner"),
                                   ("part, anonymous, published", lib["published_parts"], "parts", "anon"),
                                   ("strain, as the owner", own_strains, "strains", "owner"),
                                   ("strain, anonymous, published", lib["published_strains"], "strains", "anon")):
        if not pool:
            continue
        picks = [rng.choice(pool) for _ in range(a.requests + 1)]
        times, last = m.time("GET", lambda k: f"/api/v1/{kind}/{picks[k]}", who, a.requests)
        m.add("get", f"GET {kind[:-1]} by accession: {label}", f"GET /api/v1/{kind}/{{accession}}", "get", times, last,
              rows_text="1")
        # The same record again and again: answered from the read cache after the first request.
        times, last = m.time("GET", lambda k: f"/api/v1/{kind}/{picks[0]}", who, a.requests, cached=True)
        m.add("get", f"GET {kind[:-1]} by accession: {label}, read cache", f"GET /api/v1/{kind}/{{accession}}", "get",
              times, last, rows_text="1")
    log("  sequence search")
    for label, queries, mode in (("exact, 40 bp fragment", p["exact_queries"], "exact"),
                                 ("similarity, 500 bp window, 3 % substituted", p["similarity_queries"], "similarity")):
        picks = [rng.choice(queries) for _ in range(a.requests + 1)]
        times, last = m.time("POST", lambda k: "/api/v1/search/sequence", "owner", a.requests,
                             body_of=lambda k: {"sequence": picks[k], "mode": mode, "limit": 10})
        m.add("search", f"sequence search: {label}", "POST /api/v1/search/sequence", "search", times, last)
    h2 = m.health("GET /health (last)", health_n)
    m.client.close()
    baseline = (h1 + h2) / 2 if h1 and h2 else (h1 or h2)
    for row in m.rows:
        if "p50" in row:
            row["ratio"] = row["p50"] / baseline if baseline else None
            row["target"], row["met"] = target_of(row["kind"], row["p50"], row["p99"])
    return m.rows, baseline


def ensure_wrk():
    if shutil.which("wrk") is None:
        log("installing wrk (apt-get install -y wrk)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def run_wrk(a, script, base, seconds, data_dir, seed):
    env = dict(os.environ, BIOREG_BENCH_DATA=data_dir, BIOREG_BENCH_SEED=str(seed))
    cmd = ["wrk", "-t", str(a.wrk_threads), "-c", str(a.connections), "-d", f"{seconds}s", "--latency",
           "--timeout", "10s", "-s", os.path.join(WRK_DIR, script), base]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 120)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr[-2000:]}")
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no WRK_JSON line:\n{out.stdout[-2000:]}")
    r = json.loads(line[len("WRK_JSON "):])
    e = r["errors"]
    secs = r["duration_us"] / 1e6
    non2xx = sum(n for status, n in r["statuses"].items() if not status.startswith("2"))
    return {"rps": r["requests"] / secs, "requests": r["requests"],
            "p50": r["latency_us"]["percentiles"]["50"] / 1000, "p99": r["latency_us"]["percentiles"]["99"] / 1000,
            "errors": non2xx + e["connect"] + e["read"] + e["write"] + e["timeout"],
            "statuses": r["statuses"], "samples": r["samples"]}


def cache_lookups(base):
    """The server's read-cache answer lookups so far, {"hit": n, "miss": n} (from /metrics)."""
    counts = {"hit": 0, "miss": 0}
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        for line in response.read().decode().splitlines():
            m = re.match(r'bioreg_read_cache_lookups_total\{cache="answers",outcome="(hit|miss)"\} (\d+)', line)
            if m:
                counts[m.group(1)] = int(m.group(2))
    return counts


def measure_wrk(a, lib, tokens, base, pid, workdir, failures):
    rng = random.Random(f"{a.seed}-wrk")
    own_parts = [acc for acc, org in zip(lib["part_accessions"], lib["part_orgs"]) if org == "0"]
    p = lib["probes"]
    role_tag = [q("/api/v1/parts", role=role, tag=tag, limit=a.limit) for role, _, _, _ in ROLES for tag, _ in TAGS]
    words = [p["word_common"][0], p["word_medium"][0], p["word_rare"][0]]
    q_urls = [q("/api/v1/parts", q=v, limit=a.limit) for v in
              [p["unique_name"], p["famous_name"], p["partial_name"], p["alias"], p["accession"]] + words]
    strain_urls = [q("/api/v1/strains", ncbi_taxid=t[1], limit=a.limit) for t in TAXA] + \
                  [q("/api/v1/strains", organism_type=o, limit=a.limit) for o in sorted({t[2] for t in TAXA})] + \
                  [q("/api/v1/strains", tag=tag, limit=a.limit) for tag, _ in TAGS]
    scenarios = [
        ("health", "health.lua", "GET /health", None, "health"),
        ("get", "scale_urls.lua", "GET /api/v1/parts/{accession}, owner",
         ["/api/v1/parts/" + rng.choice(own_parts) for _ in range(5000)], "get"),
        ("get_anon", "scale_urls.lua", "GET /api/v1/parts/{accession}, anonymous, published",
         ["/api/v1/parts/" + acc for acc in lib["published_parts"]], "get"),
        ("get_cold", "scale_urls.lua", "GET /api/v1/parts/{accession}, owner, any of the owner's parts (cache misses)",
         ["/api/v1/parts/" + acc for acc in own_parts], "get"),
        ("list_role_tag", "scale_urls.lua", "GET /api/v1/parts?role=R&tag=T (random of 24)", role_tag, "list"),
        ("list_q", "scale_urls.lua", "GET /api/v1/parts?q=… (names, alias, accession, words)", q_urls, "list"),
        ("list_strains", "scale_urls.lua", "GET /api/v1/strains?ncbi_taxid= or organism_type= or tag= (random of 24)",
         strain_urls, "list"),
        ("health2", "health.lua", "GET /health (again, last)", None, "health"),
    ]
    warmup = min(5, a.duration // 10)  # none for the short runs of a smoke
    rows = []
    for k, (label, script, title, urls, kind) in enumerate(scenarios):
        if urls is not None and not urls:
            continue
        data = os.path.join(workdir, "wrk", label)
        os.makedirs(data, exist_ok=True)
        anonymous = kind == "health" or label == "get_anon"
        with open(os.path.join(data, "token.txt"), "w") as f:
            f.write(("" if anonymous else tokens["scale-a"]) + "\n")
        if urls:
            with open(os.path.join(data, "urls.txt"), "w") as f:
                f.write("\n".join(urls) + "\n")
        if warmup:
            run_wrk(a, script, base, warmup, data, a.seed * 100 + 50 + k)
        wait_idle(pid)
        before = cache_lookups(base)
        r = run_wrk(a, script, base, a.duration, data, a.seed * 100 + k)
        after = cache_lookups(base)
        hits, misses = (after[o] - before[o] for o in ("hit", "miss"))
        r.update(label=label, title=title, kind=kind, settle=wait_idle(pid),
                 hit_rate=hits / (hits + misses) if hits + misses else None)
        rows.append(r)
        if r["errors"]:
            failures.append(f"wrk {title}: statuses {r['statuses']}, first bodies {r['samples']}")
        if not r["requests"]:
            failures.append(f"wrk {title}: no request completed in {a.duration} s")
        log(f"  {title:70} {r['rps']:9,.0f} req/s  p50 {r['p50']:8.2f} ms  p99 {r['p99']:8.2f} ms  errors {r['errors']}  "
            f"(server busy {r['settle']:.1f} s after)")
    health = [r["rps"] for r in rows if r["kind"] == "health"]
    baseline = sum(health) / len(health)
    for r in rows:
        r["ratio"] = r["rps"] / baseline
        if r["kind"] == "get":
            r["target"] = f">= {WRK_GET_RATIO:g} of /health, p99 <= {WRK_GET_P99_MS:g} ms"
            r["met"] = r["ratio"] >= WRK_GET_RATIO and r["p99"] <= WRK_GET_P99_MS
        elif r["kind"] == "list":
            r["target"] = f">= {WRK_LIST_RATIO:g} of /health"
            r["met"] = r["ratio"] >= WRK_LIST_RATIO
        else:
            r["target"], r["met"] = "—", None
    return rows, baseline


# ---------------------------------------------------------------- one backend

def measure_startup(server, env, backend, bdir):
    """Issue 22's start-up: the first answer and search-ready after a restart that reads the saved sequence index,
    against the baseline of a start that builds it from the database (BIOREG_INDEX_DIR=off), both in this run.
    The loading server saved the index at shutdown (PostgreSQL: in <work>/<backend>/index); a reused library
    without a file gets one from a first start ("save") that builds it."""
    saved = [f for root, _, names in os.walk(bdir) for f in names if f.endswith(".seqindex")]
    rounds = [("build", dict(env, BIOREG_INDEX_DIR="off"))] + ([] if saved else [("save", env)]) + [("file", env)]
    out = {}
    for label, run_env in rounds:
        first = server.start(run_env)
        out[label] = {"first": first, "ready": server.ready_seconds,
                      "source": server.ready_body["sequence_index"]["loaded"]["source"],
                      "caught_up": server.ready_body["sequence_index"]["loaded"]["caught_up"],
                      "bases": server.ready_body["sequence_index"]["bases"]}
        stopped = time.perf_counter()
        server.stop()  # SIGTERM: the index is saved if it moved past the file
        out[label]["stop"] = time.perf_counter() - stopped
        log(f"start ({label}): first answer {first:.2f} s, search-ready {server.ready_seconds:.2f} s "
            f"(index from the {out[label]['source']}), stopped in {out[label]['stop']:.1f} s")
    return out


def startup_lines(r):
    """The start-up figures and issue 22's targets (first answer <= 1 s, search-ready <= 10 s)."""
    st = r.get("startup")
    if not st:
        return []
    build, warm = st["build"], st["file"]
    verdict = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    ratio = build["ready"] / warm["ready"] if warm["ready"] else 0
    bases = warm["bases"]
    per_base = r["db_bytes"] / bases if bases else 0
    return [f"- start-up from the saved index ({bases / 1e9:.3f} Gbp): first answer {warm['first']:.2f} s "
            f"(target <= 1 s: {verdict(warm['first'] <= 1)}), search-ready {warm['ready']:.2f} s (target <= 10 s: "
            f"{verdict(warm['ready'] <= 10)}; index from the {warm['source']}); baseline, building it from the "
            f"database: first answer {build['first']:.2f} s, search-ready {build['ready']:.2f} s "
            f"({ratio:.1f}x the saved index's time); stopping took {warm['stop']:.1f} s",
            f"- storage: {per_base:.2f} bytes per indexed base (database {r['db_bytes'] / 2**20:,.0f} MiB over "
            f"{bases:,} bases; target <= 2.5: {verdict(per_base <= 2.5)})"
            + ("; largest tables with their indexes, bytes per base: " + ", ".join(
                f"{name} {size / bases:.2f}" for name, size in r["storage_tables"]) if r.get("storage_tables") else "")]


def storage_tables(backend, db_path, pg, pg_name, top=10):
    """Where the bytes are (issue 22's profile of a storage miss): the largest tables with their indexes,
    `[(name, bytes)]`. SQLite: `dbstat` (each index counted with its table); PostgreSQL:
    `pg_total_relation_size` (heap, TOAST and indexes)."""
    if backend == "sqlite":
        import sqlite3
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
                "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1 ORDER BY 2 DESC").fetchall()
        finally:
            conn.close()
    else:
        out = pg.psql(f"SELECT relname || '|' || pg_total_relation_size(oid) FROM pg_class WHERE relkind = 'r' "
                      f"AND relnamespace = 'public'::regnamespace ORDER BY pg_total_relation_size(oid) DESC",
                      database=pg_name)
        rows = [(line.split("|")[0], int(line.split("|")[1])) for line in out.splitlines() if line]
    return [(name, int(size)) for name, size in rows[:top]]


def db_size(backend, db_path, pg, pg_name):
    if backend == "sqlite":
        return sum(os.path.getsize(db_path + suffix) for suffix in ("", "-wal", "-shm") if os.path.exists(db_path + suffix))
    return pg.size(pg_name)


def pg_name_of(a):
    name = f"bioreg_scale_{a.parts}"
    if a.seed != 1:
        name += f"_s{a.seed}"
    if a.strains != a.parts // 10:
        name += f"_st{a.strains}"
    if a.samples != a.parts:
        name += f"_sa{a.samples}"
    return name


def prepare_backend(a, plan, backend, binary, workdir, library_dir, pg, manifest, save_manifest, port):
    """The backend's database with the library in it: reused from --library when its parameters match, else
    made and loaded (through a loading server on `port`). Returns the context measure_backend needs."""
    log(f"\n=== {backend} ===")
    result = {"backend": backend}
    bdir = os.path.join(library_dir or workdir, backend)
    os.makedirs(bdir, exist_ok=True)
    pg_name = None
    if backend == "sqlite":
        db_path = os.path.join(bdir, "bioreg.db")
        db_url = f"sqlite://{db_path}"
    else:
        db_path = None
        pg_name = pg_name_of(a) if library_dir else f"bioreg_scale_tmp_{os.getpid()}"
        db_url = pg.url(pg_name)
        result["pg_version"] = pg.version()
    # The library loads through imports in the request (each answers its report), never as background jobs.
    env = dict(os.environ, BIOREG_LOG="warn", BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_RATE_LIMIT_PER_TOKEN="0",
               BIOREG_ASYNC_IMPORT_BYTES=str(1 << 40), DATABASE_URL=db_url)
    if backend == "postgres":
        # PostgreSQL instances save their sequence index only in a configured directory (SQLite: beside the file).
        env["BIOREG_INDEX_DIR"] = os.path.join(bdir, "index")
        os.makedirs(env["BIOREG_INDEX_DIR"], exist_ok=True)
    section = manifest.get("backends", {}).get(backend)
    reusable = (library_dir and section and section.get("complete") and section.get("params") == plan.params()
                and section.get("database_url") == db_url
                and (os.path.exists(db_path) if backend == "sqlite" else pg.exists(pg_name)))
    if reusable:
        log(f"reusing the saved library in {db_url} (loaded {section['loaded_at']}); loading skipped")
        lib = section
        result["reused"] = True
    else:
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db_path + suffix):
                    os.remove(db_path + suffix)
        else:
            pg.recreate(pg_name)
        log(f"loading {plan.parts:,} parts, {plan.strains:,} strains, {plan.samples:,} samples into {db_url}")
        t0 = time.perf_counter()
        cli(binary, env, "migrate")
        for org in ORGS:
            cli(binary, env, "org", "create", "--slug", org, "--name", f"Scale bench lab {org[-1].upper()}", "--kind", "lab")
        tokens = {org: cli(binary, env, "user", "create", "--name", f"{org}-submitter", "--role", "submitter",
                           "--org", org).strip().splitlines()[-1] for org in ORGS}
        tokens["curator"] = cli(binary, env, "user", "create", "--name", "scale-curator", "--role",
                                "curator").strip().splitlines()[-1]
        load_env = dict(env, BIOREG_REQUEST_TIMEOUT="3600", BIOREG_BIND=f"127.0.0.1:{port}",
                        BIOREG_PUBLIC_URL=f"http://127.0.0.1:{port}")
        lib = load_library(a, plan, backend, binary, load_env, bdir, tokens, port)
        lib.update(tokens=tokens, params=plan.params(), database_url=db_url,
                   loaded_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                   load_seconds=time.perf_counter() - t0, parallel_load=bool(a.parallel_load))
        result["reused"] = False
        if library_dir:
            save_manifest(backend, lib)
        log(f"loaded in {fmt_seconds(lib['load_seconds'])}")
    result["lib"] = lib
    return {"result": result, "env": env, "bdir": bdir, "db_path": db_path, "pg_name": pg_name}


def measure_backend(a, ctx, binary, library_dir, pg):
    """Measures one backend on a fresh server (rate limits off, otherwise the defaults) on --port."""
    result, bdir, lib = ctx["result"], ctx["bdir"], ctx["result"]["lib"]
    backend, db_path, pg_name = result["backend"], ctx["db_path"], ctx["pg_name"]
    log(f"\n=== {backend}: measuring ===")
    tokens = lib["tokens"]
    env = dict(ctx["env"], BIOREG_BIND=f"127.0.0.1:{a.port}", BIOREG_PUBLIC_URL=f"http://127.0.0.1:{a.port}")
    failures = []
    server = Server(binary, env, a.port, os.path.join(bdir, "measure.log"))
    t0 = time.perf_counter()
    result["startup"] = measure_startup(server, env, backend, bdir)
    result["start_seconds"] = server.start()
    try:
        result["memory_start"] = server.memory()
        result["index"] = server.index_gauges()
        result["db_bytes"] = db_size(backend, db_path, pg, pg_name)
        result["storage_tables"] = storage_tables(backend, db_path, pg, pg_name)
        log(f"measuring server up in {result['start_seconds']:.1f} s: VmRSS {result['memory_start']['VmRSS'] / 1024:,.0f} MiB; "
            f"database {result['db_bytes'] / 2**20:,.0f} MiB")
        wait_idle(server.proc.pid)
        result["load_average"] = open("/proc/loadavg").read().split()[0]
        log(f"one connection, {a.requests} requests per shape (load average {result['load_average']}):")
        rows, health_p50 = measure_one_connection(a, lib, tokens, a.port, failures)
        result["rows"], result["health_p50"] = rows, health_p50
        result["memory_mid"] = server.memory()
        result["one_seconds"] = time.perf_counter() - t0
        # Issue 22: one batch decision on an import (after the reads, so it does not change what they read).
        result["batch"] = measure_batch_decision(a, a.port, tokens, failures)
        ensure_wrk()
        log(f"wrk: {a.connections} connections, {a.wrk_threads} threads, {a.duration} s per scenario:")
        t1 = time.perf_counter()
        result["wrk"], result["health_rps"] = measure_wrk(a, lib, tokens, server.base, server.proc.pid, bdir, failures)
        result["wrk_seconds"] = time.perf_counter() - t1
        result["memory_end"] = server.memory()
        if not server.alive():
            failures.append("the server exited during the measurements")
    finally:
        server.stop()
    result["measure_seconds"] = time.perf_counter() - t0
    result["failures"] = failures
    if not library_dir and not a.keep:
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db_path + suffix):
                    os.remove(db_path + suffix)
        else:
            pg.drop(pg_name)
    return result



# ---------------------------------------------------------------- batch curation (issue 22)

def batch_import(client, token, n, seed, label):
    """Imports n parts of random 300 bp sequences (unique to this run) as one CSV file; (import id, accessions)."""
    rng = random.Random(seed)
    rows = [[f"{label}{i:06d}", "promoter", "".join(rng.choice("ACGT") for _ in range(300))] for i in range(n)]
    text = csv_text(["name", "role", "sequence"], rows)
    report = client.json("POST", "/api/v1/imports?format=csv&kind=parts&file_name=" + label + ".csv", text, token,
                         expect=(201,), content_type="text/csv")
    return report["id"], [r["accession"] for r in report["records"]]


def measure_batch_decision(a, port, tokens, failures):
    """Issue 22's target: one batch approve of an import of --batch-decision parts (default 10,000) over HTTP,
    <= 10 s. The lab's submitter imports the parts (one CSV file) and submits the import in one call
    (POST /api/v1/imports/{id}/submit, timed too); the curator approves it with one POST /api/v1/reviews/batch
    (timed), repeated while it answers `remaining` (the server's cap). Baseline in the same run: --batch-baseline
    parts (default 200) imported and submitted the same way, then approved one POST /parts/{acc}/review each on one
    keep-alive connection, extrapolated to the batch's size. Returns the figures (None when skipped)."""
    n, b = a.batch_decision, a.batch_baseline
    if n <= 0:
        return None
    client = Client(port)
    sub, curator = tokens["scale-a"], tokens["curator"]
    out = {"records": n, "baseline_records": b}
    try:
        t0 = time.perf_counter()
        import_id, accessions = batch_import(client, sub, n, a.seed * 7919 + n, f"batch{os.getpid()}x")
        out["import_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        submitted = client.json("POST", f"/api/v1/imports/{import_id}/submit", {"comment": "scale bench"}, sub)
        out["submit_seconds"] = time.perf_counter() - t0
        if submitted["counts"]["done"] != n or submitted["remaining"]:
            failures.append(f"batch submit: {json.dumps(submitted)[:400]}")
        decided, calls, t0 = 0, 0, time.perf_counter()
        while True:
            answer = client.json("POST", "/api/v1/reviews/batch",
                                 {"decision": "approve", "comment": "scale bench", "import": import_id}, curator)
            calls += 1
            decided += answer["counts"]["done"]
            if not answer["remaining"] or not answer["counts"]["done"]:
                break
        out["batch_seconds"], out["batch_calls"] = time.perf_counter() - t0, calls
        if decided != n:
            failures.append(f"batch approve decided {decided} of {n}: {json.dumps(answer)[:400]}")
        # The last part is published: anonymous readers see it.
        status, _, _ = client.request("GET", f"/api/v1/parts/{accessions[-1]}", headers={"Cache-Control": "no-cache"})
        if status != 200:
            failures.append(f"batch approve: GET {accessions[-1]} anonymously answered {status}")
        if b > 0:
            base_id, base_accessions = batch_import(client, sub, b, a.seed * 104729 + b, f"single{os.getpid()}x")
            client.json("POST", f"/api/v1/imports/{base_id}/submit", {}, sub)
            t0 = time.perf_counter()
            for accession in base_accessions:
                client.json("POST", f"/api/v1/parts/{accession}/review", {"decision": "approve", "comment": "scale bench"},
                            curator)
            out["single_seconds"] = time.perf_counter() - t0
            out["single_extrapolated"] = out["single_seconds"] / b * n
    except RuntimeError as error:
        failures.append(f"batch decision: {error}")
        out["error"] = str(error)[:300]
    finally:
        client.close()
    if "batch_seconds" in out:
        line = (f"batch approve of {n:,} parts: {out['batch_seconds']:.2f} s in {out['batch_calls']} call(s) "
                f"({n / out['batch_seconds']:,.0f} records/s; target <= 10 s: "
                f"{'OK' if out['batch_seconds'] <= 10 else 'MISS'}); submit of the import {out['submit_seconds']:.2f} s; "
                f"import {out['import_seconds']:.1f} s")
        if "single_seconds" in out:
            line += (f"; baseline {b} single reviews {out['single_seconds']:.2f} s "
                     f"({out['single_seconds'] / b * 1000:.1f} ms each) -> {out['single_extrapolated']:.1f} s for {n:,} "
                     f"({out['single_extrapolated'] / out['batch_seconds']:.1f}x the batch)")
        log(line)
        out["line"] = line
    return out


def batch_only(a, backend, binary, workdir, pg):
    """--batch-only: the batch decision step alone, on a fresh database of this backend (no library)."""
    log(f"\n=== {backend}: batch decision only ===")
    bdir = os.path.join(workdir, backend)
    os.makedirs(bdir, exist_ok=True)
    pg_name = None
    if backend == "sqlite":
        db_path = os.path.join(bdir, "batch.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db_path + suffix):
                os.remove(db_path + suffix)
        db_url = f"sqlite://{db_path}"
    else:
        pg_name = f"bioreg_batch_tmp_{os.getpid()}"
        pg.recreate(pg_name)
        db_url = pg.url(pg_name)
    env = dict(os.environ, BIOREG_LOG="warn", BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_RATE_LIMIT_PER_TOKEN="0",
               BIOREG_ASYNC_IMPORT_BYTES=str(1 << 40), DATABASE_URL=db_url, BIOREG_REQUEST_TIMEOUT="3600",
               BIOREG_BIND=f"127.0.0.1:{a.port}", BIOREG_PUBLIC_URL=f"http://127.0.0.1:{a.port}")
    cli(binary, env, "migrate")
    cli(binary, env, "org", "create", "--slug", "scale-a", "--name", "Scale bench lab A", "--kind", "lab")
    tokens = {"scale-a": cli(binary, env, "user", "create", "--name", "scale-a-submitter", "--role", "submitter",
                             "--org", "scale-a").strip().splitlines()[-1],
              "curator": cli(binary, env, "user", "create", "--name", "scale-curator", "--role",
                             "curator").strip().splitlines()[-1]}
    server = Server(binary, env, a.port, os.path.join(bdir, "batch.log"))
    server.start()
    failures = []
    try:
        figures = measure_batch_decision(a, a.port, tokens, failures)
    finally:
        server.stop()
        if pg_name and not a.keep:
            pg.drop(pg_name)
    return {"backend": backend, "batch": figures, "failures": failures}


# ---------------------------------------------------------------- report

def verdict(met):
    return "" if met is None else ("OK" if met else "MISS")


def backend_report(a, r):
    lib = r["lib"]
    s = lib["selectivity"]
    out = [f"### {r['backend']}" + (f" ({r['pg_version']}, local)" if r.get("pg_version") else ""), ""]
    mib = lambda kib: f"{kib / 1024:,.0f} MiB"  # noqa: E731
    if r["reused"]:
        out.append(f"Library reused from {lib['database_url']} (loaded {lib['loaded_at']}).")
    t = lib["timings"]
    lines = [f"Library: {s['parts']:,} parts, {s['strains']:,} strains, {s['samples']:,} samples "
             f"({s['strains_with_samples']:,} strains hold them); {len(lib['published_parts']):,} parts and "
             f"{len(lib['published_strains']):,} strains published. Load {fmt_seconds(lib['load_seconds'])}"
             + (" (at the same time as the other backend's, --parallel-load)" if lib.get("parallel_load") else "") + ":"]
    for what in ("parts", "hosts", "strains", "samples", "publish"):
        x = t[what]
        rate = x["records"] / x["seconds"] if x["seconds"] else 0
        how = {"parts": "CSV imports", "hosts": "merge patches, no bulk path", "strains": "CSV imports",
               "samples": f"POSTs on {a.threads} connections, no bulk path",
               "publish": "submit + approve (+ a patch for strains)"}[what]
        lines.append(f"- {what}: {x['records']:,} in {fmt_seconds(x['seconds'])} ({rate:,.0f}/s; {how})")
    ld = lib["loader"]
    compared = [f"{way.upper()} {c['rate']:,.0f} parts/s" + (f" ({c['records'] / c['commit_seconds']:,.0f}/s to commit; "
                                                              f"the rest is the server's index catching up)"
                                                              if way == "cli" and c["commit_seconds"] else "")
                for way, c in ld["compared"].items() if c["files"]]
    if compared:
        n = min(c["files"] for c in ld["compared"].values() if c["files"])
        rates = [c["rate"] for c in ld["compared"].values() if c["files"]]
        if len(rates) < 2:
            verdict_text = ""
        elif max(rates) < 1.1 * min(rates):
            verdict_text = ": about equally fast (within 10 %)"
        else:
            verdict_text = f": {ld['choice'].upper()} is faster"
        lines.append(f"- CLI or HTTP import: on {'the first ' + str(n) + ' full-size parts files' if n > 1 else 'one full-size parts file'} "
                     "each, " + ", ".join(compared) + verdict_text
                     + ("" if ld["decided"] else " (too few full-size files to compare twice each; the rest went by "
                        "the better rate so far)"))
    used = [f"{way.upper()} {x['records']:,} records in {x['files']} file(s)" for way, x in ld["totals"].items() if x["files"]]
    lines.append(f"- import files (parts and strains, --loader {ld['mode']}): {'; '.join(used)}")
    lm = lib.get("load_memory")
    if lm:
        lines.append(f"- loading server after loading: VmRSS {mib(lm['VmRSS'])}, VmHWM {mib(lm['VmHWM'])}")
    ms, mm, me = r["memory_start"], r.get("memory_mid"), r.get("memory_end")
    index_mib = r["index"].get("bioreg_sequence_index_memory_bytes", 0) / 2**20
    lines.append(f"- measuring server: up in {r['start_seconds']:.1f} s (sequence index {index_mib:,.0f} MiB), "
                 f"VmRSS {mib(ms['VmRSS'])} at start"
                 + (f", {mib(mm['VmRSS'])} after the one-connection measurements (VmHWM {mib(mm['VmHWM'])})" if mm else "")
                 + (f", {mib(me['VmRSS'])} after wrk (VmHWM {mib(me['VmHWM'])})" if me else ""))
    lines.append(f"- database on disk: {r['db_bytes'] / 2**20:,.0f} MiB")
    lines += startup_lines(r)
    lines.append(f"- load average when the measurements began: {r['load_average']}")
    if r.get("batch") and r["batch"].get("line"):
        lines.append(f"- curation at scale (issue 22): {r['batch']['line']}")
    lines.append(f"- measuring took {fmt_seconds(r['measure_seconds'])} (one connection {fmt_seconds(r['one_seconds'])}, "
                 f"wrk {fmt_seconds(r.get('wrk_seconds', 0))})")
    out += lines + ["", f"One connection (keep-alive), {a.requests} requests per shape after one warm-up; /health p50 "
                        f"{r['health_p50']:.3f} ms (mean of first and last); page size {a.limit}:", "",
                    "| shape | rows | p50 ms | p95 ms | p99 ms | p50 ÷ /health p50 | target | |",
                    "|---|---:|---:|---:|---:|---:|---|---|"]
    for row in r["rows"]:
        label = f"{row['group']}: {row['label']}".replace("|", "\\|")
        if "error" in row:
            out.append(f"| {label} | — | — | — | — | — | | {row['error'].replace('|', '/')} |")
            continue
        if row["n"] < a.requests:
            row["note"] = (row.get("note", "") + "; " if row.get("note") else "") + f"{row['n']} requests (--shape-seconds)"
        if row.get("note"):
            label += f" ({row['note']})"
        ratio = f"{row['ratio']:.1f}" if row.get("ratio") else ""
        out.append(f"| {label} | {row['rows']} | {row['p50']:.2f} | {row['p95']:.2f} | {row['p99']:.2f} | {ratio} | "
                   f"{row['target']} | {verdict(row['met'])} |")
    judged = [row for row in r["rows"] if row.get("met") is not None]
    met = sum(1 for row in judged if row["met"])
    out += ["", f"One connection: {met} of {len(judged)} judged rows meet their target.", ""]
    if r.get("wrk"):
        warmup = min(5, a.duration // 10)
        out += [f"{a.connections} connections (wrk, {a.wrk_threads} threads, {a.duration} s per scenario"
                + (f" after a {warmup} s warm-up" if warmup else ", no warm-up") + "; the ratio is against the mean "
                "of the two /health runs):", "",
                "| scenario | req/s | p50 ms | p99 ms | req/s / health | read cache hits | errors | target | |",
                "|---|---:|---:|---:|---:|---:|---:|---|---|"]
        for w in r["wrk"]:
            hit = "—" if w.get("hit_rate") is None else f"{w['hit_rate'] * 100:.0f} %"
            out.append(f"| {w['title']} | {w['rps']:,.0f} | {w['p50']:.2f} | {w['p99']:.2f} | {w['ratio']:.3f} | "
                       f"{hit} | {w['errors']} | {w['target']} | {verdict(w['met'])} |")
        out.append("")
    if r["failures"]:
        out += ["Unexpected answers:", ""] + [f"- {f[:400]}" for f in r["failures"][:20]] + [""]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", type=int, default=1_000_000)
    ap.add_argument("--strains", type=int, default=None, help="default: parts / 10")
    ap.add_argument("--samples", type=int, default=None, help="default: parts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--binary", help="bioreg binary (default: cargo build --release, target/release/bioreg)")
    ap.add_argument("--port", type=int, default=18690)
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--library", help="directory of a saved library (kept; reused when its parameters match)")
    ap.add_argument("--work", help="work directory without --library (default: a new one under /tmp)")
    ap.add_argument("--keep", action="store_true", help="without --library: keep the databases")
    ap.add_argument("--batch", type=int, default=5_000, help="records per import file (default 5,000)")
    ap.add_argument("--loader", choices=["compare", "http", "cli"], default="compare")
    ap.add_argument("--threads", type=int, default=4,
                    help="connections for samples, patches, publishing (default 4: on SQLite more writers wait "
                         "on its lock; 1: 580/s, 2: 690/s, 4: 650/s, 8: 360/s samples with the debug binary)")
    ap.add_argument("--parallel-load", action="store_true",
                    help="with both backends: load the two libraries at the same time (a smoke's shortcut; their "
                         "load rates then share the machine), then measure one after the other")
    ap.add_argument("--publish", type=float, default=0.01, help="share of parts and strains published (default 0.01)")
    ap.add_argument("--requests", type=int, default=50, help="timed requests per shape on one connection (default 50)")
    ap.add_argument("--pages", type=int, default=20, help="the deep page timed (default 20)")
    ap.add_argument("--shape-seconds", type=float, default=30.0,
                    help="stop timing a shape after this many seconds, once it has 5 requests (default 30)")
    ap.add_argument("--limit", type=int, default=100, help="page size of the lists (default 100, the API's)")
    ap.add_argument("--duration", type=int, default=30, help="seconds per wrk scenario (default 30)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--out", help="write the markdown report here too")
    ap.add_argument("--load-only", action="store_true",
                    help="with --library: build (or check) the saved library and stop before measuring")
    ap.add_argument("--fail-on-errors", action="store_true",
                    help="exit 1 when a request answered other than expected (never for a missed target)")
    ap.add_argument("--batch-decision", type=int, default=10_000,
                    help="parts in the import one batch approve decides (issue 22; default 10,000; 0: skip)")
    ap.add_argument("--batch-baseline", type=int, default=200,
                    help="single reviews timed as the batch's baseline, extrapolated (default 200)")
    ap.add_argument("--batch-only", action="store_true",
                    help="only the batch decision step, each backend on a fresh database (no library)")
    a = ap.parse_args()
    if a.strains is None:
        a.strains = a.parts // 10
    if a.samples is None:
        a.samples = a.parts
    if a.parts < 1000:
        sys.exit("--parts must be at least 1,000 (the probes need a library)")
    if a.load_only and not a.library:
        sys.exit("--load-only needs --library (the library it builds is kept there for a later run)")
    backends = ["sqlite", "postgres"] if a.backend == "both" else [a.backend]
    started_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.perf_counter()
    log(f"bioreg scale bench: {', '.join(backends)}; {a.parts:,} parts, {a.strains:,} strains, {a.samples:,} samples; "
        f"{a.requests} requests per shape, wrk {a.connections} connections x {a.duration} s; machine "
        f"{os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[:3]}")
    if a.binary:
        binary = os.path.abspath(a.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "bioreg")
    library_dir = os.path.abspath(a.library) if a.library else None
    workdir = library_dir or (os.path.abspath(a.work) if a.work else tempfile.mkdtemp(prefix="bioreg-scale-"))
    os.makedirs(workdir, exist_ok=True)
    log(f"binary {binary}; {'library' if library_dir else 'work directory'} {workdir}")
    manifest_path = os.path.join(workdir, "manifest.json")
    manifest = {}
    if library_dir and os.path.exists(manifest_path):
        manifest = json.load(open(manifest_path))

    manifest_lock = threading.Lock()

    def save_manifest(backend, section):
        with manifest_lock:
            manifest.setdefault("backends", {})[backend] = section
            tmp = manifest_path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(manifest, f)
            os.replace(tmp, manifest_path)

    pg = Postgres(a.pg_url) if "postgres" in backends else None
    if a.batch_only:
        results = [batch_only(a, b, binary, workdir, pg) for b in backends]
        report = ["## Curation at scale (issue 22)", "", f"`python3 bench/scale.py {' '.join(sys.argv[1:])}`; "
                  f"machine {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}.", ""]
        report += [f"- {r['backend']}: {(r['batch'] or {}).get('line', 'skipped')}" for r in results]
        report += [f"- FAILED {r['backend']}: {f[:400]}" for r in results for f in r["failures"]]
        for line in report:
            log(line)
        if a.out:
            with open(a.out, "w") as f:
                f.write("\n".join(report) + "\n")
        if a.fail_on_errors and any(r["failures"] for r in results):
            sys.exit(1)
        return
    plan = Plan(a)
    prepare = lambda b, port: prepare_backend(a, plan, b, binary, workdir, library_dir, pg, manifest,  # noqa: E731
                                              save_manifest, port)
    if a.parallel_load and len(backends) > 1:
        # Both libraries load at once (a loading server each, on --port + 1 and + 2); measured one after the other.
        contexts, errors = {}, []

        def load(b, port):
            LOG.prefix = b
            try:
                contexts[b] = prepare(b, port)
            except BaseException as error:  # noqa: BLE001 - re-raised below
                errors.append(error)

        threads = [threading.Thread(target=load, args=(b, a.port + 1 + k)) for k, b in enumerate(backends)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        if a.load_only:
            log(f"library ready in {library_dir} ({fmt_seconds(time.perf_counter() - t0)}); --load-only: not measured")
            return
        results = [measure_backend(a, contexts[b], binary, library_dir, pg) for b in backends]
    elif a.load_only:
        for b in backends:
            prepare(b, a.port + 1)
        log(f"library ready in {library_dir} ({fmt_seconds(time.perf_counter() - t0)}); --load-only: not measured")
        return
    else:
        results = [measure_backend(a, prepare(b, a.port + 1), binary, library_dir, pg) for b in backends]
    elapsed = time.perf_counter() - t0
    cmd = "python3 bench/scale.py " + " ".join(sys.argv[1:])
    rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    report = ["## Scale (issue 20)", "",
              f"`{cmd}` ({fmt_seconds(elapsed)}); run of {started_at}. Machine: {os.cpu_count()} cores, "
              f"{int(open('/proc/meminfo').readline().split()[1]) // 1024:,} MiB RAM; the client (Python, wrk) and "
              f"bioreg share the cores. Binary: {os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary} "
              f"(source {rev or 'unknown'}). "
              f"Server: rate limits off, `BIOREG_LOG=warn`, otherwise bioreg's defaults (loading: "
              f"`BIOREG_REQUEST_TIMEOUT=3600`). Reads as the submitter of the lab that owns 90 % of the records "
              f"(drafts), except the anonymous rows.", ""]
    for r in results:
        report += backend_report(a, r)
    log("\n" + "=" * 100)
    for line in report:
        log(line)
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(report) + "\n")
        log(f"report written to {a.out}")
    broken = [f"{r['backend']}: {f}" for r in results for f in r["failures"]]
    if a.fail_on_errors and broken:
        for line in broken:
            log(f"FAILED {line[:500]}")
        sys.exit(1)


if __name__ == "__main__":
    main()
