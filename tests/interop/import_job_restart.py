#!/usr/bin/env python3
"""An import job whose server is killed ends `failed` with nothing stored; the queue survives the restart.

Starts bioreg (a short import lease, BIOREG_IMPORT_LEASE_SECONDS=3) on a fresh SQLite database or on the
empty PostgreSQL database given, sends a large FASTA file as a job (`Prefer: respond-async`), waits until the
job is running and has checked records, and kills the server with SIGKILL. On PostgreSQL a second, small job
is queued behind the running one first (on SQLite the running import holds the database's only write lock,
so a second upload would wait for it). Then it restarts the server and checks:

- the killed job ends `failed` within the lease and a sweep, with an `interrupted` problem, no record stored
  (none of its parts exists) and its file deleted (`import_files` is empty);
- the queued job (PostgreSQL) is picked up by the restarted server and ends `succeeded`;
- `bioreg import --server` follows a job to its end: exit 0 and the report for a good file, exit 1 and the
  problems for a file with problems.

    python3 tests/interop/import_job_restart.py --binary target/debug/bioreg
        [--database-url postgres://postgres@127.0.0.1:5432/EMPTY_DB] [--port P]

Standard library only; PostgreSQL is read through `psql`. Takes well under a minute.
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve import Server  # noqa: E402

LEASE_SECONDS = 3


def fasta(prefix, records, length, seed):
    rng = random.Random(seed)
    lines = []
    for i in range(records):
        sequence = "".join(rng.choices("ACGT", k=length))
        lines.append(f">{prefix}{i:05d} restart test record {i}")
        lines.extend(sequence[j:j + 70] for j in range(0, length, 70))
    return ("\n".join(lines) + "\n").encode()


class Check:
    def __init__(self):
        self.failures = []

    def that(self, condition, message):
        print(("ok   " if condition else "FAIL ") + message, flush=True)
        if not condition:
            self.failures.append(message)


def job(server, job_id):
    status, body = server.http("GET", f"/api/v1/imports/{job_id}")
    if status != 200:
        sys.exit(f"GET /api/v1/imports/{job_id} answered {status}: {body[:300]!r}")
    return json.loads(body)


def wait_for(server, job_id, done, seconds, what):
    deadline = time.time() + seconds
    while True:
        current = job(server, job_id)
        if done(current):
            return current
        if time.time() > deadline:
            sys.exit(f"{what} did not happen within {seconds} s: {json.dumps(current)[:600]}")
        time.sleep(0.05)


def parts_named(server, prefix):
    status, body = server.http("GET", f"/api/v1/parts?q={prefix}&limit=500")
    assert status == 200, (status, body[:300])
    return sum(1 for p in json.loads(body)["items"] if p["name"].startswith(prefix))


def import_files(database_url, workdir):
    if database_url:
        out = subprocess.run(["psql", database_url, "-tAq", "-c", "SELECT count(*) FROM import_files"],
                             check=True, capture_output=True, text=True)
        return int(out.stdout.strip())
    with sqlite3.connect(f"{workdir}/bioreg.db") as db:
        return db.execute("SELECT count(*) FROM import_files").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (default: a fresh SQLite file)")
    parser.add_argument("--port", type=int, default=18611)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    started = time.time()
    check = Check()
    server = Server(binary, args.database_url, args.port, "job-restart",
                    env={"BIOREG_IMPORT_LEASE_SECONDS": str(LEASE_SECONDS), "BIOREG_LOG": "info"})
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"import job restart ({backend}), scratch {server.workdir}", flush=True)
    try:
        with server:
            # A file the debug build takes far longer to import than the test waits: killed while running.
            big = fasta("KILLED", 20000, 250, 1)
            status, body = server.http("POST", "/api/v1/imports?format=fasta&role=promoter&file_name=big.fa", big,
                                       "text/x-fasta", headers={"Prefer": "respond-async"})
            check.that(status == 202, f"a job is accepted with 202 (got {status})")
            killed = json.loads(body)["id"]
            running = wait_for(server, killed, lambda j: j["state"] == "running" and j["progress"]["checked"] > 0,
                               30, "the job running with records checked")
            check.that(running["progress"]["stored"] == 0,
                       f"while running: {running['progress']['checked']} of {running['progress']['total']} "
                       f"records checked, none stored yet")
            queued = None
            if args.database_url:
                status, body = server.http("POST", "/api/v1/imports?format=fasta&role=promoter",
                                           fasta("QUEUED", 3, 200, 2), "text/x-fasta",
                                           headers={"Prefer": "respond-async"})
                check.that(status == 202, f"a second job is queued behind the running one (got {status})")
                queued = json.loads(body)["id"]
                check.that(job(server, queued)["state"] == "queued", "it waits in state queued")

            server.kill()
            killed_at = time.time()
            server.start()
            failed = wait_for(server, killed, lambda j: j["state"] != "running", LEASE_SECONDS * 3 + 10,
                              "the killed job ending")
            check.that(failed["state"] == "failed",
                       f"the killed job ends failed ({time.time() - killed_at:.1f} s after the kill, "
                       f"lease {LEASE_SECONDS} s)")
            problem = failed.get("error") or {}
            check.that(problem.get("type") == "urn:bioreg:problem:interrupted",
                       f"with an interrupted problem: {problem.get('detail')}")
            check.that(failed["progress"]["stored"] == 0 and failed["stored"] is False, "and nothing stored")
            check.that(parts_named(server, "KILLED") == 0, "none of its parts exists")
            if queued:
                done = wait_for(server, queued, lambda j: j["state"] in ("succeeded", "failed"), 30,
                                "the queued job ending")
                check.that(done["state"] == "succeeded" and parts_named(server, "QUEUED") == 3,
                           "the job queued before the kill runs after the restart and stores its 3 records")
            check.that(import_files(args.database_url, server.workdir) == 0, "no job file is left behind")

            # The CLI follows a job to its end.
            with tempfile.TemporaryDirectory() as scratch:
                good, bad = os.path.join(scratch, "good.fa"), os.path.join(scratch, "bad.fa")
                with open(good, "wb") as f:
                    f.write(fasta("CLIJOB", 5, 300, 3))
                with open(bad, "wb") as f:
                    f.write(b">CLIBAD1\nACGTJJJ\n")
                env = dict(server.env, BIOREG_TOKEN=server.token)
                command = [binary, "import", "--server", server.base, "--role", "promoter"]
                ran = subprocess.run(command + [good], env=env, capture_output=True, text=True, timeout=120)
                report = json.loads(ran.stdout) if ran.stdout.strip() else {}
                check.that(ran.returncode == 0 and report.get("state") == "succeeded" and report.get("stored") is True
                           and len(report.get("records", [])) == 5 and "is a job on the server" in ran.stderr,
                           f"bioreg import --server follows the job and prints its report (exit {ran.returncode}; "
                           f"{ran.stderr.strip()[-300:]})")
                ran = subprocess.run(command + [bad], env=env, capture_output=True, text=True, timeout=120)
                report = json.loads(ran.stdout) if ran.stdout.strip() else {}
                check.that(ran.returncode == 1 and report.get("state") == "failed" and "records[0]" in ran.stderr,
                           f"a file with problems: exit 1, the job failed, its problems listed "
                           f"(exit {ran.returncode}; {ran.stderr.strip()[-300:]})")
    finally:
        if server.process and server.process.poll() is None:
            server.kill()
    print(f"{len(check.failures)} failure(s) in {time.time() - started:.0f} s"
          + (f"; server log {server.workdir}/log" if check.failures else ""))
    sys.exit(1 if check.failures else 0)


if __name__ == "__main__":
    main()
