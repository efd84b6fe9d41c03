#!/usr/bin/env python3
"""Import memory benchmark: peak memory of a 100 MB GenBank import against the size of the file.

    python3 bench/import_memory.py [--out DIR] [--megabytes N] [--record-bases N] [--binary PATH] [--port N]

1. Builds the release binary (or takes --binary) and writes a GenBank file of about N MB (default 100) of
   distinct random records (default 50 kbp each, a source and three CDS features each) and a one-record
   file of the same shape (the baseline).
2. CLI: `bioreg import FILE --dry-run` on a fresh SQLite database, the one-record file and the big one;
   peak RSS of each process (wait4 ru_maxrss). The dry run parses, validates and registers every record in
   the transaction and then rolls back, so it does all the work of an import but the commit.
3. Server: starts `bioreg serve` on a fresh database, POSTs the one-record file and then the big one to
   /api/v1/imports?dry_run=true and reads the server's peak RSS (VmHWM) after each.
4. Prints the file size, the peak RSS of each run, the marginal peak (big minus baseline) and the ratio of
   marginal peak to file size: 1.0 means one copy of the file.

Needs: cargo (unless --binary), python3. Takes about 5-10 minutes on a 2-core machine (most of it the release
build). CI's smoke: --binary target/debug/bioreg --megabytes 2 --record-bases 5000 (about 290 records).
"""
import argparse, json, os, random, re, shutil, signal, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASES = bytes.maketrans(bytes(range(256)), b"acgt" * 64)


def record(index, bases, rng):
    seq = rng.randbytes(bases).translate(BASES).decode()
    name = f"BENCH{index:06d}"
    lines = [
        f"LOCUS       {name:<16} {bases:>11} bp    DNA     linear   SYN 27-NOV-2026",
        f"DEFINITION  synthetic benchmark record {index}.",
        f"ACCESSION   {name}",
        "FEATURES             Location/Qualifiers",
        f"     source          1..{bases}",
        '                     /organism="synthetic construct"',
    ]
    for k in range(3):
        start = 1 + k * (bases // 3)
        lines += [f"     CDS             {start}..{start + 899}", f'                     /label="cds{k + 1}"']
    lines.append("ORIGIN")
    for at in range(0, bases, 60):
        chunk = seq[at:at + 60]
        lines.append(f"{at + 1:>9} " + " ".join(chunk[i:i + 10] for i in range(0, len(chunk), 10)))
    lines.append("//")
    return "\n".join(lines) + "\n"


def write_file(path, records, bases, seed):
    rng = random.Random(seed)
    with open(path, "w") as f:
        for i in range(records):
            f.write(record(i + 1, bases, rng))
    return os.path.getsize(path)


def peak_rss_of(cmd, env):
    """Runs cmd; returns (exit status, peak RSS in bytes, stderr tail)."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace")[-400:]
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024, err


def vm_hwm(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1)) * 1024


def mib(n):
    return f"{n / 2**20:8.1f} MiB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None)
    ap.add_argument("--megabytes", type=int, default=100)
    ap.add_argument("--record-bases", type=int, default=50_000)
    ap.add_argument("--binary", help="bioreg binary (default: cargo build --release, target/release/bioreg)")
    ap.add_argument("--port", type=int, default=18089)
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="bioreg-import-bench-")
    os.makedirs(out, exist_ok=True)
    if args.binary:
        binary = os.path.abspath(args.binary)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "bioreg")
    print(f"binary {binary}")
    base = f"http://127.0.0.1:{args.port}"

    per_record = len(record(1, args.record_bases, random.Random(0)))
    count = max(1, args.megabytes * 10**6 // per_record)
    big, small = os.path.join(out, "big.gb"), os.path.join(out, "one.gb")
    big_size = write_file(big, count, args.record_bases, 1)
    small_size = write_file(small, 1, args.record_bases, 2)
    print(f"file: {count} records of {args.record_bases} bp, {mib(big_size)}; baseline file {mib(small_size)}")

    results = {"records": count, "file_bytes": big_size}
    # CLI
    db = os.path.join(out, "cli.db")
    env = dict(os.environ, DATABASE_URL=f"sqlite://{db}", BIOREG_LOG="warn")
    token = subprocess.run([binary, "user", "create", "--name", "bench", "--role", "submitter"], env=env,
                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    env["BIOREG_TOKEN"] = token
    cli = {}
    for label, path in (("baseline", small), ("big", big)):
        started = time.time()
        code, rss, err = peak_rss_of([binary, "import", path, "--dry-run"], env)
        if code != 0:
            sys.exit(f"bioreg import {path} failed ({code}): {err}")
        cli[label] = (rss, time.time() - started)
    marginal = cli["big"][0] - cli["baseline"][0]
    print(f"CLI    baseline peak {mib(cli['baseline'][0])}  big peak {mib(cli['big'][0])}  "
          f"({cli['big'][1]:.1f} s)  marginal {mib(marginal)}  marginal/file {marginal / big_size:.2f}")
    results["cli"] = {"baseline_peak": cli["baseline"][0], "peak": cli["big"][0], "seconds": cli["big"][1],
                      "ratio": marginal / big_size}

    # Server
    db = os.path.join(out, "server.db")
    env = dict(os.environ, DATABASE_URL=f"sqlite://{db}", BIOREG_LOG="warn", BIOREG_BIND=f"127.0.0.1:{args.port}",
               BIOREG_MAX_BODY_BYTES=str(big_size * 2), BIOREG_WORKERS="2",
               # rate limiting off, as in every bench: the readiness polls alone could exceed the per-IP default
               BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_RATE_LIMIT_PER_TOKEN="0",
               # the memory of an import in the request (a job reads its file back from the database)
               BIOREG_ASYNC_IMPORT_BYTES=str(1 << 40))
    token = subprocess.run([binary, "user", "create", "--name", "bench", "--role", "submitter"], env=env,
                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([binary, "serve"], env=env)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/ready", timeout=1)
                break
            except Exception:
                if server.poll() is not None:
                    sys.exit(f"bioreg serve exited ({server.returncode}) before answering /ready")
                time.sleep(0.1)
        else:
            sys.exit("bioreg serve did not answer /ready in 60 s")
        idle = vm_hwm(server.pid)
        peaks = {}
        for label, path in (("baseline", small), ("big", big)):
            with open(path, "rb") as f:
                body = f.read()
            request = urllib.request.Request(
                f"{base}/api/v1/imports?format=genbank&dry_run=true", data=body, method="POST",
                headers={"Authorization": f"Bearer {token}", "Content-Type": "text/x-genbank"})
            del body
            started = time.time()
            report = json.load(urllib.request.urlopen(request, timeout=3600))
            assert len(report["records"]) in (1, count), report["records"][:1]
            peaks[label] = (vm_hwm(server.pid), time.time() - started)
        marginal = peaks["big"][0] - peaks["baseline"][0]
        print(f"server idle peak {mib(idle)}  after baseline {mib(peaks['baseline'][0])}  after big "
              f"{mib(peaks['big'][0])} ({peaks['big'][1]:.1f} s)  marginal {mib(marginal)}  "
              f"marginal/file {marginal / big_size:.2f}")
        results["server"] = {"idle_peak": idle, "baseline_peak": peaks["baseline"][0], "peak": peaks["big"][0],
                             "seconds": peaks["big"][1], "ratio": marginal / big_size}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print(f"results in {out}/results.json")


if __name__ == "__main__":
    main()
