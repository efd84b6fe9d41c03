#!/usr/bin/env python3
"""Crash consistency of bioreg (issue "Hardening", item 3).

Starts bioreg on a fresh SQLite database (or on the empty PostgreSQL database given), runs concurrent bulk
imports and single writes against it, kills the server with SIGKILL at random moments and restarts it, again
and again. Before each restart it checks the database itself (SQLite `integrity_check` and
`foreign_key_check`; PostgreSQL amcheck on every btree index and heap, and foreign-key orphans), that no
import is partly stored, that every write answered 2xx is there with what it acknowledged (accession, seqhash,
the patched value at the revision its ETag named, If-Match honoured: revision = If-Match + 1), that every write
answered with an error is not, that no revision number went backwards, and the registry's own invariants (every
revision snapshot 1..N, sequence row, change-feed row and audit event a record needs; the record agrees with the
snapshot of its current revision; every stored import has all its records). After each restart it checks the
acknowledged writes through the API (imports, records, ETags, patched values, sequence search). Requests cut off
by a kill are "unknown": each is resolved to stored or not stored (an import among them must be wholly one or
the other) and must stay so. Prints the counts; exits 0 only when no violation
was found, else prints every violation (import marker/id, record, expected vs found).

    python3 tests/interop/crash_consistency.py --binary target/release/bioreg [--kills 50] [--seed N]
        [--database-url postgres://postgres@127.0.0.1:5432/EMPTY_DB] [--port P]
        [--import-size 50,200] [--sequence-length 1000]

Imports of 100,000 parts (the bulk path's batches, killed between and inside them):

    ... --import-size 100000,100000 --sequence-length 200 --strain-imports 0 --importers 1 --kills 4 \
        --min-delay 30 --max-delay 200

Standard library only; PostgreSQL is checked through `psql`.
"""
import argparse
import functools
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict

SEQUENCE_LENGTH = 1000
IMPORT_SIZE = (50, 200)
STRAIN_IMPORTS = 0.2  # the share of imports that are strain CSV files
ETAG_PREFIX = '"r'


def etag_revision(etag):
    """3 for `"r3"` (None when absent or not of that shape)."""
    if etag and etag.startswith(ETAG_PREFIX) and etag.endswith('"'):
        try:
            return int(etag[len(ETAG_PREFIX):-1])
        except ValueError:
            return None
    return None


def random_dna(rng, length=None):
    return "".join(rng.choices("ACGT", k=length or SEQUENCE_LENGTH))


# --------------------------------------------------------------------------------------------------------
# HTTP: every request ends as "answered" (a status line came back), "unsent" (the connection was refused:
# the server never saw it) or "unknown" (cut off by the kill: it may or may not have been stored).


class Outcome:
    def __init__(self, fate, status=None, headers=None, body=None, error=None):
        self.fate, self.status, self.headers, self.body, self.error = fate, status, headers, body, error

    @property
    def ok(self):
        return self.fate == "answered" and 200 <= self.status < 300

    def json(self):
        try:
            return json.loads(self.body) if self.body is not None else None
        except ValueError:
            return None

    def header(self, name):
        return self.headers.get(name) if self.headers is not None else None


class Client:
    def __init__(self, port, token):
        self.port, self.token = port, token

    def call(self, method, path, body=None, headers=None, timeout=300):
        sent = {"Authorization": f"Bearer {self.token}"}
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            try:
                conn.request(method, path, body=body, headers=sent)
            except ConnectionRefusedError as error:
                return Outcome("unsent", error=error)
            except (OSError, http.client.HTTPException) as error:
                return Outcome("unknown", error=error)
            try:
                response = conn.getresponse()
            except (OSError, http.client.HTTPException) as error:
                return Outcome("unknown", error=error)
            try:
                data = response.read()
            except (OSError, http.client.HTTPException) as error:
                # The status line came back, so the server finished the request; only the body is lost.
                return Outcome("answered", response.status, response.headers, None, error)
            return Outcome("answered", response.status, response.headers, data)
        finally:
            conn.close()


# --------------------------------------------------------------------------------------------------------
# The ledger: every import and single write sent, and what became of it.


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.imports = []  # dicts, see Importer.run_one
        self.writes = []  # dicts, see Writer
        self.serial = Counter()
        self.max_seen = {}  # (kind, accession) -> highest revision any 2xx answer showed
        self.pool = {"part": [], "strain": []}  # accessions single writers may patch
        self.retries_412 = 0
        self.cycle = 0

    def next(self, kind):
        with self.lock:
            self.serial[kind] += 1
            return self.serial[kind]

    def add_import(self, entry):
        with self.lock:
            entry["cycle"] = self.cycle
            self.imports.append(entry)
            return entry

    def add_write(self, entry):
        with self.lock:
            entry.setdefault("outcome", "pending")
            entry["cycle"] = self.cycle
            self.writes.append(entry)
            return entry

    def seen(self, kind, accession, revision):
        if accession is None or revision is None:
            return
        with self.lock:
            key = (kind, accession)
            self.max_seen[key] = max(self.max_seen.get(key, 0), revision)

    def add_to_pool(self, kind, accession):
        with self.lock:
            self.pool[kind].append(accession)

    def pick(self, kind, rng):
        """A record to patch: half the time one of the three newest, so writers collide (412) now and then."""
        with self.lock:
            pool = self.pool[kind]
            if not pool:
                return None
            return rng.choice(pool[-3:]) if rng.random() < 0.5 else rng.choice(pool)


def settle(entry, outcome):
    """Files a request's outcome in its ledger entry."""
    entry["http"] = outcome.status
    problem = outcome.json() if outcome.fate == "answered" and outcome.status == 503 else None
    if isinstance(problem, dict) and str(problem.get("type", "")).endswith(":timeout"):
        # BIOREG_REQUEST_TIMEOUT's 503 says a write may still complete (it waited behind a long import's
        # transaction): an unknown outcome, settled by the database like a request cut off by a kill.
        entry["outcome"] = "unknown"
        entry["error"] = "503 timeout"
        return
    if outcome.fate == "answered":
        # 202: a file over BIOREG_ASYNC_IMPORT_BYTES runs as an import job; what it stores is judged by the
        # job's state (succeeded: everything; any other: nothing), which a restart may still change.
        entry["outcome"] = "job" if outcome.status == 202 else "acked" if outcome.ok else "refused"
        if not outcome.ok:
            problem = outcome.json()
            entry["detail"] = (problem.get("detail") if isinstance(problem, dict) else None) or \
                (outcome.body or b"")[:300].decode(errors="replace")
    else:
        entry["outcome"] = outcome.fate  # unsent or unknown
        entry["error"] = repr(outcome.error)


# --------------------------------------------------------------------------------------------------------
# The clients.


class Importer(threading.Thread):
    """Bulk imports, one after the other: FASTA or CSV files of parts, sometimes CSV files of strains. Every
    record's name starts with the import's marker (`I000042-` for parts, `J000042-` for strains)."""

    def __init__(self, ctx, rng):
        super().__init__(daemon=True)
        self.ctx, self.rng = ctx, rng

    def run(self):
        while not self.ctx.stop.is_set():
            if self.run_one() == "unsent":
                time.sleep(0.01)

    def run_one(self):
        rng, ledger = self.rng, self.ctx.ledger
        k = ledger.next("import")
        n = rng.randint(*IMPORT_SIZE)
        strains = rng.random() < STRAIN_IMPORTS
        first_sequence = None
        if strains:
            marker, kind, fmt = f"J{k:06d}-", "strains", "csv"
            rows = ["name,organism_type,taxon_name,risk_group,genotype"]
            rows += [f"{marker}{j:04d},bacteria,Escherichia coli,1,wild type" for j in range(n)]
            body = "\n".join(rows) + "\n"
            path = f"/api/v1/imports?kind=strains&format=csv&file_name={marker}strains.csv"
            content_type = "text/csv"
        else:
            marker, kind = f"I{k:06d}-", "parts"
            fmt = rng.choice(["fasta", "csv"])
            sequences = [random_dna(rng) for _ in range(n)]
            first_sequence = sequences[0]
            if fmt == "fasta":
                body = "".join(
                    f">{marker}{j:04d} crash-test import {k} record {j}\n"
                    + "\n".join(s[i:i + 70] for i in range(0, len(s), 70)) + "\n"
                    for j, s in enumerate(sequences))
                path = f"/api/v1/imports?format=fasta&role=promoter&file_name={marker}parts.fasta"
                content_type = "text/x-fasta"
            else:
                rows = ["name,role,sequence,description"]
                rows += [f"{marker}{j:04d},promoter,{s},crash-test import {k} record {j}"
                         for j, s in enumerate(sequences)]
                body = "\n".join(rows) + "\n"
                path = f"/api/v1/imports?format=csv&file_name={marker}parts.csv"
                content_type = "text/csv"
            if rng.random() < 0.5:
                path += "&duplicates=allow"
        entry = ledger.add_import({"k": k, "marker": marker, "kind": kind, "format": fmt, "n": n,
                                   "first_sequence": first_sequence, "outcome": "pending"})
        outcome = self.ctx.client.call("POST", path, body.encode(), {"Content-Type": content_type})
        settle(entry, outcome)
        if outcome.ok:
            report = outcome.json() or {}
            entry["id"] = report.get("id")
            entry["accessions"] = [r.get("accession") for r in report.get("records", [])]
            if entry["accessions"] and kind == "parts" and rng.random() < 0.3:
                ledger.add_to_pool("part", entry["accessions"][0])
        if entry["outcome"] == "job" and entry.get("id"):
            # Follow the job as a client would, until it ends or the server is killed.
            while not self.ctx.stop.is_set():
                state = self.ctx.client.call("GET", f"/api/v1/imports/{entry['id']}")
                if state.fate != "answered" or (state.json() or {}).get("state") not in ("queued", "running"):
                    break
                time.sleep(0.5)
        return outcome.fate


class Writer(threading.Thread):
    """Single writes: parts and strains created, patched with If-Match (re-read and retried on 412),
    submitted for review, withdrawn with If-Match."""

    def __init__(self, ctx, rng):
        super().__init__(daemon=True)
        self.ctx, self.rng = ctx, rng

    def run(self):
        ops = [(0.30, self.create_part), (0.45, self.create_strain), (0.70, self.patch_part),
               (0.82, self.patch_strain), (0.91, self.submit_part), (1.00, self.withdraw_part)]
        while not self.ctx.stop.is_set():
            r = self.rng.random()
            op = next(f for p, f in ops if r < p)
            if op() == "unsent":
                time.sleep(0.01)

    @property
    def client(self):
        return self.ctx.client

    def create_part(self, pool=True):
        ledger = self.ctx.ledger
        name = f"P{ledger.next('part'):06d}"
        sequence = random_dna(self.rng, self.rng.randint(200, 2000))
        entry = ledger.add_write({"op": "create_part", "kind": "part", "name": name, "sequence": sequence})
        outcome = self.client.call("POST", "/api/v1/parts", {
            "name": name, "role": "promoter", "sequence": sequence, "description": "crash-test single write",
            "license": "CC-BY-4.0", "hosts": [{"name": "Escherichia coli", "taxid": 562}]})
        settle(entry, outcome)
        if outcome.ok:
            body = outcome.json() or {}
            entry["accession"] = body.get("accession")
            entry["seqhash"] = body.get("seqhash")
            entry["revision"] = etag_revision(outcome.header("ETag"))
            ledger.seen("part", entry["accession"], entry["revision"])
            if pool and entry["accession"]:
                ledger.add_to_pool("part", entry["accession"])
            return entry
        return outcome.fate

    def create_strain(self):
        ledger = self.ctx.ledger
        name = f"S{ledger.next('strain'):06d}"
        entry = ledger.add_write({"op": "create_strain", "kind": "strain", "name": name})
        outcome = self.client.call("POST", "/api/v1/strains", {
            "name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562},
            "risk_group": 1, "genotype": "initial"})
        settle(entry, outcome)
        if outcome.ok:
            body = outcome.json() or {}
            entry["accession"] = body.get("accession")
            entry["revision"] = etag_revision(outcome.header("ETag"))
            ledger.seen("strain", entry["accession"], entry["revision"])
            if entry["accession"]:
                ledger.add_to_pool("strain", entry["accession"])
        return outcome.fate

    def read(self, kind, accession):
        """(ETag, fate) of a record, noting the revision it shows."""
        outcome = self.client.call("GET", f"/api/v1/{kind}s/{accession}")
        if not outcome.ok:
            return None, outcome.fate
        etag = outcome.header("ETag")
        self.ctx.ledger.seen(kind, accession, etag_revision(etag))
        return etag, outcome.fate

    def patch(self, kind, field, prefix):
        ledger = self.ctx.ledger
        accession = ledger.pick(kind, self.rng)
        if accession is None:
            return self.create_part() if kind == "part" else self.create_strain()
        for _attempt in range(6):
            etag, fate = self.read(kind, accession)
            if etag is None:
                return fate
            value = f"{prefix}{ledger.next('value'):07d}"
            entry = ledger.add_write({"op": f"patch_{kind}", "kind": kind, "accession": accession,
                                      "field": field, "value": value, "if_match": etag})
            outcome = self.client.call("PATCH", f"/api/v1/{kind}s/{accession}", json.dumps({field: value}).encode(),
                                       {"Content-Type": "application/merge-patch+json", "If-Match": etag})
            settle(entry, outcome)
            if outcome.ok:
                entry["revision"] = etag_revision(outcome.header("ETag"))
                ledger.seen(kind, accession, entry["revision"])
            elif outcome.fate == "answered" and outcome.status == 412:
                with ledger.lock:
                    ledger.retries_412 += 1
                continue
            return outcome.fate
        return "answered"

    def patch_part(self):
        return self.patch("part", "description", "D")

    def patch_strain(self):
        return self.patch("strain", "genotype", "G")

    def own_part(self):
        """A part of this writer's own (not in the patch pool), with its ETag."""
        created = self.create_part(pool=False)
        if not isinstance(created, dict):
            return None, created
        etag, fate = self.read("part", created["accession"])
        return (created["accession"], etag) if etag else (None, fate)

    def submit_part(self):
        accession, etag = self.own_part()
        if accession is None:
            return etag
        entry = self.ctx.ledger.add_write({"op": "submit_part", "kind": "part", "accession": accession})
        outcome = self.client.call("POST", f"/api/v1/parts/{accession}/submit", {"comment": "crash test"},
                                   {"If-Match": etag})
        settle(entry, outcome)
        return outcome.fate

    def withdraw_part(self):
        """Withdraws a part of this writer's own, or (a third of the time) one other writers are patching."""
        ledger = self.ctx.ledger
        accession = ledger.pick("part", self.rng) if self.rng.random() < 0.33 else None
        if accession is not None:
            etag, fate = self.read("part", accession)
            if etag is None:
                return fate
        else:
            accession, etag = self.own_part()
            if accession is None:
                return etag
        reason = f"W{ledger.next('value'):07d}"  # names this withdrawal in the database
        entry = ledger.add_write({"op": "withdraw_part", "kind": "part", "accession": accession, "if_match": etag,
                                  "reason": reason})
        outcome = self.client.call("DELETE", f"/api/v1/parts/{accession}?reason={reason}", None, {"If-Match": etag})
        settle(entry, outcome)
        if outcome.ok:
            entry["revision"] = etag_revision(outcome.header("ETag"))
            ledger.seen("part", accession, entry["revision"])
            with ledger.lock:
                if accession in ledger.pool["part"]:
                    ledger.pool["part"].remove(accession)
        return outcome.fate


# --------------------------------------------------------------------------------------------------------
# The database, read directly while the server is down.



SNAPSHOT_DICTIONARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "db",
                                   "snapshot-dictionary-v1.txt")


def stored_snapshot(text, body_hex):
    """A revision snapshot as stored: JSON text, or (issue 22) a body of format 1, raw deflate with bioreg's preset
    dictionary (`db::audit::pack_body`), given as hex."""
    if text:
        return json.loads(text)
    body = bytes.fromhex(body_hex or "")
    if not body or body[0] != 1:
        raise RuntimeError(f"a snapshot body of unknown format: {body[:4]!r}")
    inflate = zlib.decompressobj(wbits=-15, zdict=snapshot_dictionary())
    return json.loads(inflate.decompress(body[1:]) + inflate.flush())


@functools.cache
def snapshot_dictionary():
    with open(SNAPSHOT_DICTIONARY, "rb") as f:
        return f.read()


class SqliteDb:
    backend = "sqlite"

    def __init__(self, path):
        self.path = path
        self.conn = None

    def __enter__(self):
        # Read-only: the WAL is read (a reader rebuilds the WAL index if it must) but neither checkpointed
        # nor removed, so the restarted server recovers the database the kill left, as it would in production.
        try:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            self.conn = sqlite3.connect(self.path, timeout=30)
        return self

    def __exit__(self, *_):
        self.conn.close()
        self.conn = None

    def query(self, sql):
        return [tuple(row) for row in self.conn.execute(sql).fetchall()]

    def query_many(self, named):
        return {name: self.query(sql) for name, sql in named.items()}

    def json(self, column, *keys):
        return f"json_extract({column}, '$.{'.'.join(keys)}')"

    def text(self, column):
        return column

    def hex(self, column):
        return f"hex({column})"

    def integrity(self):
        """(checks run, problems)."""
        problems = []
        result = [r[0] for r in self.query("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems += [f"PRAGMA integrity_check: {r}" for r in result[:20]]
        for table, rowid, parent, fk in self.query("PRAGMA foreign_key_check")[:20]:
            problems.append(f"PRAGMA foreign_key_check: {table} rowid {rowid} refers to a missing {parent} row (fk {fk})")
        return 2, problems


class PgDb:
    backend = "postgres"

    def __init__(self, url):
        self.url = url
        self.amcheck = None  # unknown until tried

    def __enter__(self):
        # A killed client's backends end when they notice the closed socket; until then one of them may
        # still be committing. Wait until no other session is left on the database.
        deadline = time.time() + 60
        while True:
            others = self.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")[0][0]
            if others == 0:
                return self
            if time.time() > deadline:
                raise RuntimeError(f"{others} session(s) of the killed server still open after 60 s")
            time.sleep(0.05)

    def __exit__(self, *_):
        pass

    def psql(self, sql, check=True):
        done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-c", sql],
                              capture_output=True, text=True)
        if check and done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}\n  query: {sql[:400]}")
        return done

    def query(self, sql):
        return self.query_many({"q": sql})["q"]

    def query_many(self, named):
        """Every query's rows, from one psql session: each result is one line of JSON."""
        script = "".join(
            f"SELECT replace(coalesce(json_agg(row_to_json(q)), '[]'::json)::text, E'\\n', ' ') FROM ({sql}) q;\n"
            for sql in named.values())
        done = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url, "-f", "-"],
                              input=script, capture_output=True, text=True)
        lines = done.stdout.splitlines()
        if done.returncode != 0 or len(lines) != len(named):
            raise RuntimeError(f"psql failed: {done.stderr.strip()}\n  queries: {script[:600]}")
        return {name: [tuple(row.values()) for row in json.loads(line)] for name, line in zip(named, lines)}

    def json(self, column, *keys):
        path = "".join(f" -> '{k}'" for k in keys[:-1])
        return f"(({column})::json{path} ->> '{keys[-1]}')"

    def text(self, column):
        return f"{column}::text"

    def hex(self, column):
        return f"encode({column}, 'hex')"

    def integrity(self):
        checks, problems = 0, []
        if self.amcheck is None:
            created = self.psql("CREATE SCHEMA IF NOT EXISTS crash_check; "
                                "CREATE EXTENSION IF NOT EXISTS amcheck WITH SCHEMA crash_check", check=False)
            self.amcheck = created.returncode == 0
            if not self.amcheck:
                print(f"note: amcheck is not available ({created.stderr.strip()}); "
                      "only foreign-key orphans are checked", flush=True)
        lists = self.query_many({
            "indexes": "SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "JOIN pg_am am ON am.oid = c.relam WHERE c.relnamespace = 'public'::regnamespace "
                       "AND am.amname = 'btree' AND i.indisvalid ORDER BY 1",
            "fks": "SELECT c.conrelid::regclass::text AS child, a.attname AS col, "
                   "c.confrelid::regclass::text AS parent, af.attname AS pcol FROM pg_constraint c "
                   "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                   "JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1] "
                   "WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 "
                   "AND c.connamespace = 'public'::regnamespace"})
        indexes, fks = lists["indexes"], lists["fks"]
        named = {}
        if self.amcheck:
            # Every btree index against its table (heapallindexed), and every table's heap.
            checks += len(indexes) + 1
            every = " UNION ALL ".join(
                f"SELECT '{index}' AS i, crash_check.bt_index_check('public.{index}'::regclass, true)::text AS r"
                for (index,) in indexes)
            if indexes and self.psql(f"SELECT count(*) FROM ({every}) x", check=False).returncode != 0:
                for (index,) in indexes:  # name every index that fails
                    done = self.psql(f"SELECT crash_check.bt_index_check('public.{index}'::regclass, true)",
                                     check=False)
                    if done.returncode != 0:
                        problems.append(f"amcheck bt_index_check({index}): {done.stderr.strip()}")
            named["heap"] = ("SELECT c.relname AS rel, v.blkno AS blk, v.offnum AS off, v.msg AS msg FROM pg_class c, "
                             "LATERAL crash_check.verify_heapam(c.oid) v "
                             "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'")
        if fks:
            # Foreign keys hold by construction; orphans would mean a damaged table or index.
            checks += 1
            named["orphans"] = " UNION ALL ".join(
                f"SELECT '{child}.{col} -> {parent}.{pcol}' AS fk, count(*) AS n FROM {child} x "
                f"WHERE x.{col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} y WHERE y.{pcol} = x.{col})"
                for child, col, parent, pcol in fks)
        got = self.query_many(named) if named else {}
        problems += [f"amcheck verify_heapam: {r} block {b} offset {o}: {m}" for r, b, o, m in got.get("heap", [])[:20]]
        problems += [f"foreign-key orphans: {n} row(s) of {fk}" for fk, n in got.get("orphans", []) if n]
        return checks, problems


# --------------------------------------------------------------------------------------------------------
# The checks.


class Checker:
    def __init__(self, ctx):
        self.ctx = ctx
        self.violations = []
        self.seen_violations = set()
        self.integrity_runs = self.integrity_items = self.integrity_failures = 0
        self.invariant_runs = 0
        self.api_requests = self.api_failures = 0
        self.last_state = {}

    def violation(self, message):
        if message not in self.seen_violations:
            self.seen_violations.add(message)
            self.violations.append(f"[cycle {self.ctx.ledger.cycle}] {message}")
            print(f"VIOLATION [cycle {self.ctx.ledger.cycle}]: {message}", flush=True)

    # --- straight in the database, with the server down ----------------------------------------------

    def database(self, db):
        ledger = self.ctx.ledger
        checks, problems = db.integrity()
        self.integrity_runs += 1
        self.integrity_items += checks
        if problems:
            self.integrity_failures += 1
            for problem in problems:
                self.violation(f"database integrity: {problem}")
        J, T = db.json, db.text
        part_import = J("p.source", "import_id")
        strain_import = J("s.details", "source", "import_id")
        state = {}
        sql = {
            # Imports: how many records of each marker are stored, under how many import ids.
            "part markers": f"SELECT substr(p.name, 1, 8) AS m, count(*) AS n, count(DISTINCT {part_import}) AS d, "
                            f"min({part_import}) AS i FROM parts p WHERE p.name LIKE 'I%' GROUP BY substr(p.name, 1, 8)",
            "strain markers": f"SELECT substr(s.name, 1, 8) AS m, count(*) AS n, count(DISTINCT {strain_import}) AS d, "
                              f"min({strain_import}) AS i FROM strains s WHERE s.name LIKE 'J%' "
                              f"GROUP BY substr(s.name, 1, 8)",
            # Imports that stored their records (jobs of other states, and dry runs, stored none).
            "imports": f"SELECT {T('id')} AS i, kind, records_stored AS c FROM imports "
                       f"WHERE state = 'succeeded' AND NOT dry_run",
            "part members": f"SELECT {part_import} AS i, count(*) AS n FROM parts p "
                            f"WHERE {part_import} IS NOT NULL GROUP BY {part_import}",
            "strain members": f"SELECT {strain_import} AS i, count(*) AS n FROM strains s "
                              f"WHERE {strain_import} IS NOT NULL GROUP BY {strain_import}",
            # Single writes: the records they created or changed, and the snapshots of every revision after 1.
            "parts": "SELECT accession AS a, name AS n, revision AS r, description AS d, "
                     "CASE WHEN withdrawn_at IS NULL THEN 0 ELSE 1 END AS w, curation_state AS c, seqhash AS h, "
                     "withdrawal_reason AS wr FROM parts WHERE name LIKE 'P%' OR revision > 1",
            "strains": f"SELECT accession AS a, name AS n, revision AS r, {J('details', 'genotype')} AS g "
                       f"FROM strains WHERE name LIKE 'S%' OR revision > 1",
            # Snapshots are stored as JSON text or deflated (`body`, issue 22): read both in Python.
            "part snapshots": f"SELECT p.accession AS a, r.revision AS r, r.snapshot AS s, {db.hex('r.body')} AS b "
                              f"FROM record_revisions r JOIN parts p ON {T('p.id')} = r.record_id "
                              f"WHERE r.record_kind = 'part' AND r.revision > 1",
            "strain snapshots": f"SELECT s.accession AS a, r.revision AS r, r.snapshot AS s, {db.hex('r.body')} AS b "
                                f"FROM record_revisions r JOIN strains s ON {T('s.id')} = r.record_id "
                                f"WHERE r.record_kind = 'strain' AND r.revision > 1",
            "submitted": f"SELECT DISTINCT p.accession AS a FROM reviews v JOIN parts p ON {T('p.id')} = v.record_id "
                         f"WHERE v.record_kind = 'part' AND v.action = 'submit'",
        }
        got = db.query_many(sql)
        markers = {}
        for marker, n, ids, some_id in got["part markers"] + got["strain markers"]:
            markers[marker] = (n, ids, some_id)
        imports = {i: (kind, count) for i, kind, count in got["imports"]}
        members = Counter()
        for i, n in got["part members"] + got["strain members"]:
            members[i] += n
        for i, (kind, count) in imports.items():
            if members[i] != count:
                self.violation(f"import {i} ({kind}): the imports row says {count} record(s), "
                               f"{members[i]} record(s) carry its id")
        for i, n in members.items():
            if i not in imports:
                self.violation(f"{n} record(s) carry import id {i}, which has no imports row (partial import)")
        complete = absent = 0
        for entry in ledger.imports:
            if entry["outcome"] == "pending":
                continue
            n, ids, some_id = markers.get(entry["marker"], (0, 0, None))
            what = (f"import {entry['marker']} ({entry['n']} {entry['kind']}, {entry['format']}, "
                    f"cycle {entry['cycle']}, {entry['outcome']}{' ' + str(entry['http']) if entry['http'] else ''}"
                    f"{', id ' + entry['id'] if entry.get('id') else ''})")
            if n not in (0, entry["n"]):
                self.violation(f"{what} is partly stored: {n} of {entry['n']} records found")
                continue
            if n and ids != 1:
                self.violation(f"{what}: its {n} records carry {ids} different import ids")
            if n and some_id not in imports:
                self.violation(f"{what}: its records name import {some_id}, which has no imports row")
            stored = n == entry["n"]
            if entry["outcome"] != "unsent":
                complete += stored
                absent += not stored
            if stored:
                entry.setdefault("found_id", some_id)
            outcome = entry["outcome"]
            if outcome == "acked":
                if not stored:
                    self.violation(f"{what} was answered 201 but none of its records is stored")
                elif entry.get("id") and some_id != entry["id"]:
                    self.violation(f"{what}: records carry import id {some_id}, the answer said {entry['id']}")
                elif entry.get("id") and imports.get(entry["id"], (None, None))[1] != entry["n"]:
                    self.violation(f"{what}: imports row {entry['id']} is {imports.get(entry['id'])}, "
                                   f"expected {entry['n']} records")
            elif outcome in ("refused", "unsent") and stored:
                self.violation(f"{what} was {'answered ' + str(entry['http']) if outcome == 'refused' else 'never sent'}"
                               f" but its {n} records are stored")
            elif outcome == "unknown":
                self.resolve(entry, what, stored)
            elif outcome == "job":
                succeeded = entry.get("id") in imports
                if stored != succeeded:
                    self.violation(f"{what}: the job {'succeeded' if succeeded else 'has not succeeded'} but "
                                   f"{n} of its {entry['n']} records are stored")
                if entry.get("job_stored") and not stored:
                    self.violation(f"{what}: the job's records were stored, now they are not")
                entry["job_stored"] = stored
        state["imports_complete"], state["imports_absent"] = complete, absent

        # Single writes.
        parts = {row[0]: row for row in got["parts"]}
        parts_by_name = {row[1]: row for row in parts.values()}
        strains = {row[0]: row for row in got["strains"]}
        strains_by_name = {row[1]: row for row in strains.values()}
        snapshots = {}  # (kind, accession, revision) -> patched field's value
        values = {}  # (kind, value) -> (accession, revision)
        for kind, field in (("part", "description"), ("strain", "genotype")):
            for accession, revision, text, body in got[f"{kind} snapshots"]:
                snapshot = stored_snapshot(text, body)
                value = snapshot.get(field)
                reason = snapshot.get("withdrawal_reason") if kind == "part" else None
                snapshots[(kind, accession, revision)] = value
                # The revision a value first appears in (a withdrawal's snapshot repeats it).
                for key in ((kind, value), ("withdrawal", reason)):
                    if key[1] is not None and (key not in values or values[key][1] > revision):
                        values[key] = (accession, revision)
        submitted = {a for (a,) in got["submitted"]}
        # A record's row and the snapshot of its current revision agree.
        for kind, rows, field_index in (("part", parts, 3), ("strain", strains, 3)):
            for accession, row in rows.items():
                revision = row[2]
                if revision > 1:
                    if (kind, accession, revision) not in snapshots:
                        self.violation(f"{kind} {accession} is at revision {revision} but that revision has no snapshot")
                    elif snapshots[(kind, accession, revision)] != row[field_index]:
                        self.violation(f"{kind} {accession} revision {revision}: the record holds "
                                       f"{row[field_index]!r}, its snapshot {snapshots[(kind, accession, revision)]!r}")
        for (kind, accession), revision in list(ledger.max_seen.items()):
            rows = parts if kind == "part" else strains
            current = rows.get(accession)
            if current is not None and current[2] < revision:
                self.violation(f"{kind} {accession}: revision went backwards, {revision} was answered, "
                               f"{current[2]} is stored")
        for entry in ledger.writes:
            outcome = entry["outcome"]
            if outcome == "pending":
                continue
            op = entry["op"]
            what = (f"{op} {entry.get('accession') or entry.get('name')}"
                    f"{' reason=' + entry['reason'] if 'reason' in entry else ''}"
                    f"{' ' + entry['field'] + '=' + entry['value'] if 'value' in entry else ''} "
                    f"(cycle {entry['cycle']}, {outcome}{' ' + str(entry['http']) if entry['http'] else ''})")
            if op in ("create_part", "create_strain"):
                row = (parts_by_name if op == "create_part" else strains_by_name).get(entry["name"])
                stored = row is not None
                if stored and outcome == "acked":
                    if entry.get("accession") and row[0] != entry["accession"]:
                        self.violation(f"{what}: stored as {row[0]}, answered as {entry['accession']}")
                    if op == "create_part" and entry.get("seqhash") and row[6] != entry["seqhash"]:
                        self.violation(f"{what}: stored seqhash {row[6]}, answered {entry['seqhash']}")
            elif op in ("patch_part", "patch_strain"):
                found = values.get((entry["kind"], entry["value"]))
                stored = found is not None
                if stored and found[0] != entry["accession"]:
                    self.violation(f"{what}: the value is stored on {found[0]}")
                if stored and outcome == "acked" and entry.get("revision") and found[1] != entry["revision"]:
                    self.violation(f"{what}: answered as revision {entry['revision']}, stored as revision {found[1]}")
            elif op == "submit_part":
                row = parts.get(entry["accession"])
                stored = entry["accession"] in submitted
                if outcome == "acked" and (row is None or row[5] == "draft"):
                    self.violation(f"{what}: the part's curation state is {row[5] if row else 'missing'}, "
                                   f"expected submitted")
            elif op == "withdraw_part":
                # The withdrawal's own revision (its snapshot names its reason).
                found = values.get(("withdrawal", entry["reason"]))
                row = parts.get(entry["accession"])
                stored = found is not None
                if stored and found[0] != entry["accession"]:
                    self.violation(f"{what}: the withdrawal is stored on {found[0]}")
                if stored and (row is None or row[4] != 1):
                    self.violation(f"{what}: revision {found[1]} withdrew the part, but it is not withdrawn now")
                if stored and outcome == "acked" and entry.get("revision") and found[1] != entry["revision"]:
                    self.violation(f"{what}: answered as revision {entry['revision']}, stored as revision {found[1]}")
            else:
                continue
            if (outcome == "acked" and entry.get("if_match") and entry.get("revision")
                    and entry["revision"] != etag_revision(entry["if_match"]) + 1):
                self.violation(f"{what}: sent with If-Match {entry['if_match']} but answered as revision "
                               f"{entry['revision']}, so it was applied on top of a revision the client never saw "
                               f"(the precondition did not hold; expected 412)")
            if outcome == "acked" and not stored:
                self.violation(f"{what} was answered 2xx but is not stored")
            elif outcome == "refused" and stored:
                self.violation(f"{what} was answered {entry['http']} but is stored")
            elif outcome == "unsent" and stored:
                self.violation(f"{what} never reached the server but is stored")
            elif outcome == "unknown":
                self.resolve(entry, what, stored)
            entry["verified"] = outcome == "acked" and stored

        self.invariants(db, state)
        self.last_state = state

    def resolve(self, entry, what, stored):
        """An unknown outcome is settled by the first look at the database and must not change after."""
        if "resolved" not in entry:
            entry["resolved"] = "stored" if stored else "not stored"
        elif entry["resolved"] != ("stored" if stored else "not stored"):
            self.violation(f"{what}: found {entry['resolved']} after its kill, now {'stored' if stored else 'not stored'}")

    def invariants(self, db, state):
        T = db.text
        # Anti-joins as EXCEPT: set operations, fast on both backends whatever indexes there are.
        checks = {
            "parts without a stored sequence":
                "SELECT id AS a FROM parts WHERE sequence_id IS NULL "
                "UNION SELECT p.id FROM parts p LEFT JOIN sequences q ON q.id = p.sequence_id WHERE q.id IS NULL",
            "part revisions naming a sequence that is not stored":
                "SELECT r.record_id AS a FROM record_revisions r LEFT JOIN sequences q ON q.id = r.sequence_id "
                "WHERE r.sequence_id IS NOT NULL AND q.id IS NULL",
            "stored sequences no part or revision refers to":
                "SELECT id AS a FROM sequences EXCEPT SELECT sequence_id FROM record_revisions",
            "parts whose revision snapshots are not exactly 1..revision":
                f"SELECT p.accession AS a FROM parts p LEFT JOIN record_revisions r ON r.record_kind = 'part' "
                f"AND r.record_id = {T('p.id')} GROUP BY p.accession, p.revision "
                f"HAVING count(r.revision) <> p.revision OR max(r.revision) <> p.revision OR min(r.revision) <> 1",
            "strains whose revision snapshots are not exactly 1..revision":
                f"SELECT s.accession AS a FROM strains s LEFT JOIN record_revisions r ON r.record_kind = 'strain' "
                f"AND r.record_id = {T('s.id')} GROUP BY s.accession, s.revision "
                f"HAVING count(r.revision) <> s.revision OR max(r.revision) <> s.revision OR min(r.revision) <> 1",
            "revision snapshots of parts that do not exist":
                f"SELECT record_id AS a FROM record_revisions WHERE record_kind = 'part' "
                f"EXCEPT SELECT {T('id')} FROM parts",
            "revision snapshots of strains that do not exist":
                f"SELECT record_id AS a FROM record_revisions WHERE record_kind = 'strain' "
                f"EXCEPT SELECT {T('id')} FROM strains",
            "parts missing from the sequence change feed":
                "SELECT id AS a FROM parts EXCEPT SELECT part_id FROM sequence_changes",
            "sequence change feed rows of parts that do not exist":
                "SELECT part_id AS a FROM sequence_changes EXCEPT SELECT id FROM parts",
            "parts without their part.created audit event":
                f"SELECT {T('id')} AS a FROM parts EXCEPT SELECT record_id FROM audit_events WHERE action = 'part.created'",
            "strains without their strain.created audit event":
                f"SELECT {T('id')} AS a FROM strains "
                f"EXCEPT SELECT record_id FROM audit_events WHERE action = 'strain.created'",
            "imports without their import.stored audit event":
                f"SELECT {T('id')} AS a FROM imports WHERE state = 'succeeded' AND NOT dry_run "
                f"EXCEPT SELECT record_id FROM audit_events WHERE action = 'import.stored'",
            "import.stored audit events of imports that do not exist":
                f"SELECT record_id AS a FROM audit_events WHERE action = 'import.stored' "
                f"EXCEPT SELECT {T('id')} FROM imports WHERE state = 'succeeded' AND NOT dry_run",
            "parts whose withdrawn_at and curation state disagree":
                "SELECT accession AS a FROM parts WHERE (withdrawn_at IS NOT NULL AND curation_state <> 'withdrawn') "
                "OR (withdrawn_at IS NULL AND curation_state = 'withdrawn')",
            "submitted parts without a submit review or submitted_at":
                f"SELECT p.accession AS a FROM parts p WHERE p.curation_state = 'submitted' AND (p.submitted_at IS NULL "
                f"OR NOT EXISTS (SELECT 1 FROM reviews v WHERE v.record_kind = 'part' AND v.record_id = {T('p.id')} "
                f"AND v.action = 'submit'))",
            # SQLite counts in accession_counters; PostgreSQL in sequences (which may run ahead: a rolled-back
            # registration leaves a gap, never a reuse).
            "accession counters behind the accessions given": (
                "SELECT c.kind AS a FROM accession_counters c WHERE c.last_value < (SELECT count(*) FROM "
                "(SELECT accession FROM parts WHERE c.kind = 'part' UNION ALL "
                "SELECT accession FROM strains WHERE c.kind = 'strain') x)"
                if isinstance(db, SqliteDb) else
                "SELECT 'part' AS a FROM part_accession_seq WHERE last_value < (SELECT count(*) FROM parts) "
                "UNION ALL SELECT 'strain' FROM strain_accession_seq WHERE last_value < (SELECT count(*) FROM strains)"),
            "duplicate accessions":
                "SELECT accession AS a FROM (SELECT accession FROM parts UNION ALL SELECT accession FROM strains) x "
                "GROUP BY accession HAVING count(*) > 1",
        }
        tables = ("parts", "strains", "imports", "record_revisions", "audit_events", "sequence_changes", "reviews")
        got = db.query_many({**checks, **{f"count {t}": f"SELECT count(*) AS n FROM {t}" for t in tables}})
        for name in checks:
            rows = got[name]
            self.invariant_runs += 1
            if rows:
                sample = ", ".join(str(r[0]) for r in rows[:10])
                self.violation(f"invariant: {len(rows)} {name}: {sample}{' …' if len(rows) > 10 else ''}")
        state["totals"] = {t: got[f"count {t}"][0][0] for t in tables}

    # --- through the API, after a restart --------------------------------------------------------------

    def api(self, cycles=None, search_sample=5):
        """Checks the acknowledged (or stored-unknown) writes of the given cycles (all when None)."""
        ledger, client, rng = self.ctx.ledger, self.ctx.client, self.ctx.rng

        def get(path, method="GET", body=None):
            self.api_requests += 1
            outcome = client.call(method, path, body, timeout=120)
            if outcome.fate != "answered":
                self.api_failures += 1
                self.violation(f"API check {method} {path}: no answer ({outcome.error!r})")
            return outcome

        def wanted(entry):
            return (cycles is None or entry["cycle"] in cycles) and (
                entry["outcome"] == "acked" or entry.get("resolved") == "stored" or entry.get("job_stored"))

        for entry in ledger.imports:
            if not wanted(entry):
                continue
            import_id = entry.get("id") or entry.get("found_id")
            if not import_id:
                continue
            outcome = get(f"/api/v1/imports/{import_id}")
            report = outcome.json() if outcome.ok else None
            if report is None:
                self.violation(f"import {entry['marker']} ({import_id}): GET /api/v1/imports/{import_id} "
                               f"answered {outcome.status}")
                continue
            records = report.get("records", [])
            bad = [r for r in records if r.get("status") != "created" or not str(r.get("name")).startswith(entry["marker"])]
            if len(records) != entry["n"] or bad or not report.get("stored"):
                self.violation(f"import {entry['marker']} ({import_id}): the stored report has {len(records)} "
                               f"records ({len(bad)} not created/not named {entry['marker']}…), expected {entry['n']}")
            kind = "parts" if entry["kind"] == "parts" else "strains"
            for record in rng.sample(records, min(2, len(records))):
                got = get(f"/api/v1/{kind}/{record.get('accession')}")
                if not got.ok or (got.json() or {}).get("name") != record.get("name"):
                    self.violation(f"import {entry['marker']}: record {record.get('accession')} "
                                   f"({record.get('name')}) answered {got.status}")
            if entry["kind"] == "parts" and entry.get("first_sequence") and search_sample and records:
                first = get(f"/api/v1/parts/{records[0].get('accession')}")
                if first.ok and not (first.json() or {}).get("withdrawn_at"):  # withdrawn parts leave the index
                    self.search(get, entry["first_sequence"], records[0].get("accession"),
                                f"import {entry['marker']} record 0")
        latest_patch = {}
        for entry in ledger.writes:
            if entry["op"].startswith("patch_") and entry["outcome"] == "acked" and entry.get("revision"):
                key = (entry["kind"], entry["accession"])
                if entry["revision"] > latest_patch.get(key, (0, None))[0]:
                    latest_patch[key] = (entry["revision"], entry["value"], entry["field"])
        checked, searched = set(), 0
        for entry in ledger.writes:
            if not wanted(entry) or not entry.get("accession"):
                continue
            key = (entry["kind"], entry["accession"])
            if key in checked:
                continue
            checked.add(key)
            got = get(f"/api/v1/{entry['kind']}s/{entry['accession']}")
            body = got.json() if got.ok else None
            if body is None:
                self.violation(f"{entry['op']} {entry['accession']} (cycle {entry['cycle']}): "
                               f"GET answered {got.status}")
                continue
            revision = etag_revision(got.header("ETag"))
            seen = ledger.max_seen.get(key, 0)
            if revision is None or revision < seen:
                self.violation(f"{entry['kind']} {entry['accession']}: ETag {got.header('ETag')} after the restart, "
                               f"revision {seen} was answered before")
            if key in latest_patch and latest_patch[key][0] == revision:
                _, value, field = latest_patch[key]
                if body.get(field) != value:
                    self.violation(f"{entry['kind']} {entry['accession']} revision {revision}: {field} is "
                                   f"{body.get(field)!r}, the acknowledged PATCH set {value!r}")
            if (entry["op"] == "create_part" and entry.get("sequence") and searched < search_sample
                    and body.get("status", body.get("curation_state")) != "withdrawn" and not body.get("withdrawn_at")):
                searched += 1
                self.search(get, entry["sequence"], entry["accession"], f"part {entry['accession']}")

    def search(self, get, sequence, accession, what):
        if accession is None:
            return
        got = get("/api/v1/search/sequence", "POST", {"sequence": sequence})
        hits = (got.json() or {}).get("hits", []) if got.ok else None
        if hits is None:
            self.violation(f"sequence search for {what} answered {got.status}")
        elif not any((h.get("part") or {}).get("accession") == accession for h in hits):
            self.violation(f"sequence search after the restart does not find {what} ({accession}): "
                           f"{len(hits)} hit(s)")


# --------------------------------------------------------------------------------------------------------
# The server.


class Server:
    def __init__(self, binary, database_url, port, workdir):
        self.binary, self.port = binary, port
        self.env = dict(os.environ, DATABASE_URL=database_url, BIOREG_BIND=f"127.0.0.1:{port}",
                        BIOREG_PUBLIC_URL=f"http://127.0.0.1:{port}", BIOREG_LOG="warn",
                        BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_RATE_LIMIT_PER_TOKEN="0")
        self.log_path = os.path.join(workdir, "server.log")
        self.process = None
        self.starts = 0

    def cli(self, *args):
        done = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"bioreg {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip().splitlines()[-1]

    def start(self):
        log = open(self.log_path, "a")
        log.write(f"---- start {self.starts + 1} at {time.strftime('%H:%M:%S')}\n")
        log.flush()
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        self.starts += 1
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                return f"bioreg exited with status {self.process.returncode} while starting; see {self.log_path}"
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/ready")
                if conn.getresponse().status == 200:
                    return None
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.02)
        return f"bioreg did not answer /ready within 120 s; see {self.log_path}"

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


# --------------------------------------------------------------------------------------------------------


class Context:
    def __init__(self, rng, client):
        self.rng, self.client = rng, client
        self.ledger = Ledger()
        self.stop = threading.Event()


def main():
    global IMPORT_SIZE, SEQUENCE_LENGTH, STRAIN_IMPORTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the bioreg binary")
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: a fresh SQLite file)")
    parser.add_argument("--kills", type=int, default=50, help="SIGKILLs (and restarts) in the run (default 50)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: chosen and printed)")
    parser.add_argument("--port", type=int, default=18591)
    parser.add_argument("--importers", type=int, default=2, help="concurrent bulk importers (default 2)")
    parser.add_argument("--writers", type=int, default=3, help="concurrent single writers (default 3)")
    parser.add_argument("--min-delay", type=float, default=0.05, help="shortest run before a kill, s")
    parser.add_argument("--max-delay", type=float, default=2.5, help="longest run before a kill, s")
    parser.add_argument("--import-size", default=f"{IMPORT_SIZE[0]},{IMPORT_SIZE[1]}",
                        help="least and most records of an import (default %(default)s)")
    parser.add_argument("--sequence-length", type=int, default=SEQUENCE_LENGTH,
                        help="bases of an imported part (default %(default)s)")
    parser.add_argument("--strain-imports", type=float, default=STRAIN_IMPORTS,
                        help="share of imports that are strain CSV files (default %(default)s)")
    args = parser.parse_args()
    STRAIN_IMPORTS = args.strain_imports
    IMPORT_SIZE = tuple(int(n) for n in args.import_size.split(","))
    SEQUENCE_LENGTH = args.sequence_length
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="bioreg-crash-")
    if args.database_url:
        if not args.database_url.startswith(("postgres://", "postgresql://")):
            sys.exit("--database-url must be a postgres:// URL (SQLite is the default)")
        database_url, db = args.database_url, PgDb(args.database_url)
        present = db.query("SELECT to_regclass('public.parts')::text AS t")[0][0]
        if present and db.query("SELECT count(*) AS n FROM parts")[0][0]:
            sys.exit("the PostgreSQL database is not empty; pass an empty one")
    else:
        path = os.path.join(workdir, "bioreg.db")
        database_url, db = f"sqlite://{path}", SqliteDb(path)
    print(f"crash consistency: {db.backend}, {args.kills} kills, seed {seed}, "
          f"{args.importers} importers + {args.writers} writers, imports of {IMPORT_SIZE[0]}-{IMPORT_SIZE[1]} "
          f"records ({SEQUENCE_LENGTH} bp parts), scratch {workdir}", flush=True)

    server = Server(binary, database_url, args.port, workdir)
    token = server.cli("user", "create", "--name", "crash-submitter", "--role", "submitter")
    ctx = Context(rng, Client(args.port, token))
    ledger = ctx.ledger
    checker = Checker(ctx)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))  # so `finally` stops the server
    started = time.time()
    kill_moments = []
    try:
        error = server.start()
        if error:
            sys.exit(error)
        for cycle in range(1, args.kills + 1):
            ledger.cycle = cycle
            ctx.stop.clear()
            threads = [Importer(ctx, random.Random(rng.random())) for _ in range(args.importers)]
            threads += [Writer(ctx, random.Random(rng.random())) for _ in range(args.writers)]
            delay = rng.uniform(args.min_delay, args.max_delay)
            for thread in threads:
                thread.start()
            time.sleep(delay)
            server.kill()
            ctx.stop.set()
            kill_moments.append(delay)
            for thread in threads:
                thread.join(timeout=120)
                if thread.is_alive():
                    checker.violation("a client thread is still waiting 120 s after the kill")
            t0 = time.time()
            with db:
                checker.database(db)
            t1 = time.time()
            error = server.start()
            if error:
                checker.violation(f"restart after kill {cycle}: {error}")
                break
            t2 = time.time()
            checker.api(cycles={cycle}, search_sample=3)
            t3 = time.time()
            t = checker.last_state.get("totals", {})
            print(f"kill {cycle:3d} after {delay:4.2f} s of load: {t.get('parts', 0)} parts, "
                  f"{t.get('strains', 0)} strains, {t.get('imports', 0)} imports; "
                  f"{len(checker.violations)} violation(s); checks {t1 - t0:.1f} s, restart {t2 - t1:.1f} s, "
                  f"API checks {t3 - t2:.1f} s; {time.time() - started:5.1f} s in all", flush=True)
        # The final full check: everything through the API, then a clean stop and the database once more.
        ledger.cycle = "final"
        if server.process and server.process.poll() is None:
            checker.api(cycles=None, search_sample=50)
        server.stop()
        with db:
            checker.database(db)
    finally:
        ctx.stop.set()
        if server.process and server.process.poll() is None:
            server.kill()
    report(args, seed, db, server, ledger, checker, kill_moments, time.time() - started)
    if checker.violations:
        sys.exit(1)
    shutil.rmtree(workdir, ignore_errors=True)


def report(args, seed, db, server, ledger, checker, kill_moments, elapsed):
    imports = [e for e in ledger.imports if e["outcome"] not in ("pending", "unsent")]
    unsent_imports = sum(1 for e in ledger.imports if e["outcome"] == "unsent")
    outcome = Counter(e["outcome"] for e in imports)
    refused_imports = Counter(e["http"] for e in imports if e["outcome"] == "refused")
    unknown_imports = Counter(e.get("resolved") for e in imports if e["outcome"] == "unknown")
    writes = [e for e in ledger.writes if e["outcome"] not in ("pending", "unsent")]
    unsent_writes = sum(1 for e in ledger.writes if e["outcome"] == "unsent")
    w_outcome = Counter(e["outcome"] for e in writes)
    by_op = defaultdict(Counter)
    for e in writes:
        by_op[e["op"]][e["outcome"]] += 1
    refused_writes = Counter(e["http"] for e in writes if e["outcome"] == "refused")
    unknown_writes = Counter(e.get("resolved") for e in writes if e["outcome"] == "unknown")
    acked = [e for e in writes if e["outcome"] == "acked"]
    verified = sum(1 for e in acked if e.get("verified"))
    state = checker.last_state
    totals = state.get("totals", {})
    partial = sum(1 for v in checker.violations if "partly stored" in v)
    print()
    print(f"==== crash consistency ({db.backend}, seed {seed}) in {elapsed:.0f} s")
    print(f"kills: {len(kill_moments)} (SIGKILL after {min(kill_moments, default=0):.2f}–"
          f"{max(kill_moments, default=0):.2f} s of load), restarts: {server.starts - 1} (+ the first start)")
    print(f"imports: attempted {len(imports)} ({sum(e['kind'] == 'parts' for e in imports)} of parts, "
          f"{sum(e['kind'] == 'strains' for e in imports)} of strains; "
          f"{sum(e['n'] for e in imports)} records), acknowledged {outcome['acked']}, "
          f"run as jobs {outcome['job']} (stored {sum(1 for e in imports if e.get('job_stored'))}), "
          f"refused {outcome['refused']}{' ' + str(dict(refused_imports)) if refused_imports else ''}, "
          f"unknown (cut off by a kill) {outcome['unknown']} -> stored {unknown_imports['stored']} / "
          f"not stored {unknown_imports['not stored']}")
    print(f"imports found: complete {state.get('imports_complete', 0)}, absent {state.get('imports_absent', 0)}, "
          f"partial {partial}")
    print(f"single writes: attempted {len(writes)}, acknowledged {len(acked)}, verified {verified}, "
          f"missing {len(acked) - verified}; refused {w_outcome['refused']}"
          f"{' ' + str(dict(refused_writes)) if refused_writes else ''} "
          f"({ledger.retries_412} PATCHes re-read and retried after 412), "
          f"unknown {w_outcome['unknown']} -> stored {unknown_writes['stored']} / not stored "
          f"{unknown_writes['not stored']}")
    for op in sorted(by_op):
        c = by_op[op]
        print(f"  {op:14s} attempted {sum(c.values()):5d}, acknowledged {c['acked']:5d}, refused {c['refused']:4d}, "
              f"unknown {c['unknown']:3d}")
    reasons = Counter((e.get("op", f"import of {e.get('kind')}"), e["http"], e.get("detail", "")[:160])
                      for e in ledger.imports + ledger.writes if e["outcome"] == "refused" and e["http"] != 412)
    for (op, status, detail), n in reasons.most_common(8):
        print(f"  refused: {n} x {op} {status}: {detail}")
    print(f"requests that found the server already killed (never sent, checked absent): {unsent_imports} imports, "
          f"{unsent_writes} single writes")
    if db.backend == "sqlite":
        kinds = "PRAGMA integrity_check + foreign_key_check"
    elif db.amcheck:
        kinds = "amcheck bt_index_check on every btree index + verify_heapam + foreign-key orphans"
    else:
        kinds = "foreign-key orphans (amcheck unavailable)"
    print(f"integrity checks: {checker.integrity_runs} run ({checker.integrity_items} checks), "
          f"failed {checker.integrity_failures} ({kinds} after every kill and at the end); "
          f"invariant queries: {checker.invariant_runs}; "
          f"API checks after restarts: {checker.api_requests} requests, {checker.api_failures} unanswered")
    print("database: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    print(f"violations: {len(checker.violations)}")
    for v in checker.violations[:200]:
        print(f"  {v}")
    if checker.violations:
        print(f"server log: {server.log_path}")


if __name__ == "__main__":
    main()
