#!/usr/bin/env python3
"""The README's API tour as a test: the ```sh blocks of its `## API tour` section, in order, in one bash process,
against a freshly started server with default settings (rate limits included), once on an empty database and once
on one started with `--seed`.

    python3 tests/interop/readme_tour.py --binary target/debug/bioreg [--database-url postgres://…/postgres] [--port N]

The tour runs as the README prints it, with three changes to the extracted text: `localhost:8080` becomes the
harness's port, the tour's `bioreg() { … }` line (the CLI through cargo) calls the given binary instead, and a
preamble goes first: `set -euo pipefail`, and a `curl` function. The README's curl calls have no `--fail` (they
show what the API answers), so that function calls the real curl, takes the HTTP status with `-w` (written to
stderr, so what the call prints, pipes or saves is unchanged), and fails the script on a status of 400 or more
unless the README marks the command with a trailing comment such as `# → 401`; a marked command must get exactly
that status, 2xx included. The `bioreg` commands reach the server's database through DATABASE_URL, as they do when
run where the server was started. Before running, the harness refuses a tour that names an accession (`BRP000001`)
or an id in a command rather than reading it from an answer: it would name another record, or none, on the other
database.

Prints each block's calls with their statuses; on a failure, the failing command, its status and its output (the
run's directory with the script, its whole output and the server's log is kept), and exits non-zero.

With --database-url (a PostgreSQL server's admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres), each run
gets a database of its own, created with psql and dropped afterwards; without it, a SQLite file in the run's
temporary directory. Needs bash, jq and curl 7.84 or later (the tour reads ETags with `-w '%header{etag}'`).
"""
import argparse, os, re, shutil, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECTION_START, SECTION_END = "## API tour", "## How it is tested beyond the suite"
CLI_DEFINITION = re.compile(r"^bioreg\(\) \{.*\}\s*$", re.M)
EXPECTED = re.compile(r"#\s*→\s*(\d{3})\b")

# The preamble. Everything the harness adds to the tour's own text is here or in `script()`.
PREAMBLE = r"""set -euo pipefail
cd "$TOUR_DIR"
__tour_mark='@@tour-status@@'
__tour_block() { printf '== %s\n' "$1" >> "$TOUR_DIR/calls"; }
__tour_expect() { printf '%s\n' "$1" > "$TOUR_DIR/expect"; }
__tour_expect_used() {
  if [ -e "$TOUR_DIR/expect" ]; then
    printf 'tour: no curl call took the expected status %s\n' "$(cat "$TOUR_DIR/expect")" |
      tee -a "$TOUR_DIR/failed" >&2
    return 1
  fi
}
__tour_describe() {  # METHOD URL of a curl command line
  local method="" url="" previous=""
  for arg in "$@"; do
    case "$previous" in -X|--request) method=$arg ;; esac
    case "$arg" in
      -d|--data|--data-binary|--data-raw|--data-urlencode|-F|--form) [ -n "$method" ] || method=POST ;;
      *localhost:*|http://*|https://*) url=$arg ;;
    esac
    previous=$arg
  done
  if [ -z "$method" ]; then
    case " $* " in *" -G "*) method=GET ;; *" -I "*) method=HEAD ;; *) method=GET ;; esac
  fi
  printf '%s %s' "$method" "${url#http://}"
}
curl() {
  local expected="" args=() has_write_out=0 previous="" status rc
  if [ -e "$TOUR_DIR/expect" ]; then expected=$(cat "$TOUR_DIR/expect"); rm -f "$TOUR_DIR/expect"; fi
  # The status goes to stderr after whatever the command's own -w prints to stdout.
  for arg in "$@"; do
    case "$previous" in
      -w|--write-out) arg="$arg%{stderr}\n$__tour_mark%{http_code}\n"; has_write_out=1 ;;
    esac
    args+=("$arg"); previous=$arg
  done
  [ "$has_write_out" = 1 ] || args+=(-w "%{stderr}\n$__tour_mark%{http_code}\n")
  local err out
  err=$(mktemp "$TOUR_DIR/curl-err.XXXXXX"); out=$(mktemp "$TOUR_DIR/curl-out.XXXXXX")
  set +e
  command curl "${args[@]}" 2> "$err" | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  status=$(sed -n "s/^$__tour_mark//p" "$err" | tail -n 1)
  grep -v -e "^$__tour_mark" -e '^$' "$err" >&2 || true
  printf '%s %s%s\n' "${status:-000}" "$(__tour_describe "$@")" "${expected:+ (expected $expected)}" \
    >> "$TOUR_DIR/calls"
  local failed=""
  if [ "$rc" != 0 ]; then failed="curl exited $rc"
  elif [ -n "$expected" ]; then [ "$status" = "$expected" ] || failed="HTTP $status, the README says $expected"
  elif [ "${status:-000}" -ge 400 ] || [ "${status:-000}" -lt 100 ]; then failed="HTTP $status"
  fi
  if [ -n "$failed" ]; then
    {
      printf 'tour: %s from:\n  curl' "$failed"; printf ' %q' "$@"; printf '\n--- its output:\n'
      head -c 3000 "$out"; printf '\n---\n'
    } | tee -a "$TOUR_DIR/failed" >&2
    rm -f "$err" "$out"
    return 22
  fi
  rm -f "$err" "$out"
}
"""

CLI = r"""bioreg() { printf 'cli bioreg %s\n' "$*" >> "$TOUR_DIR/calls"; "$TOUR_BINARY" "$@"; }"""


def tour_blocks(readme):
    """The ```sh blocks of the tour section, in order, each with the heading it is under."""
    text = open(readme, encoding="utf-8").read()
    start = text.index(SECTION_START)
    section = text[start:text.index(SECTION_END, start)]
    blocks, heading = [], SECTION_START
    for found in re.finditer(r"^(#{2,3} [^\n]*)$|^```sh\n(.*?)^```", section, re.M | re.S):
        if found.group(1):
            heading = found.group(1)
        else:
            blocks.append((heading.lstrip("# "), found.group(2)))
    return blocks


def scan(lines):
    """For each line: the index of the line its shell command starts on (None inside a here-document's body)
    and the line's comment, from its `#` (None without one). Follows quotes, backslash continuations, comments and
    here-documents well enough for the README's shell."""
    scanned, start, quote, continued, heredoc = [], None, None, False, None
    for i, line in enumerate(lines):
        if heredoc:
            scanned.append((None, None))
            if (line.lstrip("\t") if heredoc[1] else line) == heredoc[0]:
                heredoc = None
            continue
        if quote is None and not continued:
            start = i
        continued, comment, j = False, None, 0
        while j < len(line):
            c = line[j]
            if quote == "'":
                quote = None if c == "'" else quote
            elif c == "\\":
                if j == len(line) - 1:
                    continued = True
                j += 1
            elif quote == '"':
                quote = None if c == '"' else quote
            elif c in "'\"":
                quote = c
            elif c == "#" and (j == 0 or line[j - 1] in " \t;"):
                comment = line[j:]
                break
            elif line.startswith("<<", j) and not line.startswith("<<<", j):
                found = re.match(r"<<(-?)\s*(['\"]?)(\w+)\2", line[j:])
                if found:
                    heredoc = (found.group(3), found.group(1) == "-")
                    j += found.end() - 1
            j += 1
        scanned.append((start, comment))
    return scanned


def instrument(block):
    """The block with `__tour_expect N` before each command marked `# → N` and a check after it."""
    lines = block.rstrip("\n").split("\n")
    scanned = scan(lines)
    before, after = {}, set()
    for i, (start, comment) in enumerate(scanned):
        trailing = comment and lines[i][:-len(comment)].strip()
        marked = EXPECTED.match(comment) if trailing else None
        if marked:
            before[start] = marked.group(1)
            after.add(i)
    out = []
    for i, line in enumerate(lines):
        if i in before:
            out.append(f"__tour_expect {before[i]}")
        out.append(line)
        if i in after:
            out.append("__tour_expect_used")
    return "\n".join(out)


def hard_coded(blocks):
    """Lines of the tour whose commands (comments aside) name an accession or an id instead of taking it
    from an answer: on the other of the two databases it names another record, or none."""
    found = []
    for heading, block in blocks:
        lines = block.split("\n")
        for line, (start, comment) in zip(lines, scan(lines)):
            code = line[:len(line) - len(comment)] if comment else line
            if re.search(r"\bBR[PS]\d{6}\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", code):
                found.append(f"{heading}: {line.strip()}")
    return found


def script(blocks, port):
    parts = [PREAMBLE]
    definitions = 0
    for n, (heading, block) in enumerate(blocks, 1):
        block = block.replace("localhost:8080", f"localhost:{port}")
        block, replaced = CLI_DEFINITION.subn(CLI, block)
        definitions += replaced
        title = f"{n} ({heading[:60]})".replace("'", "")
        parts.append(f"__tour_block '{title}'\n{instrument(block)}\n")
    if definitions != 1:
        sys.exit(f"expected one `bioreg() {{ … }}` line in the tour to replace with --binary, found {definitions}")
    parts.append("__tour_block end\n")
    return "\n".join(parts)


class Database:
    """An empty database for one run: a SQLite file, or a PostgreSQL database created and dropped with psql."""

    def __init__(self, admin_url, name, workdir):
        self.admin_url, self.name = admin_url, name
        if admin_url:
            parsed = urllib.parse.urlsplit(admin_url)
            self.url = urllib.parse.urlunsplit(parsed._replace(path=f"/{name}"))
            self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.psql(f"CREATE DATABASE {name}")
        else:
            self.url = f"sqlite://{workdir}/bioreg.db"

    def psql(self, sql):
        done = subprocess.run(["psql", self.admin_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True,
                              env=dict(os.environ, PGOPTIONS="-c client_min_messages=warning"))
        if done.returncode != 0:
            sys.exit(f"psql {sql!r}: {done.stderr.strip()}")

    def drop(self):
        if self.admin_url:
            self.psql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def start_server(binary, env, workdir, seed):
    """`bioreg serve` as the README starts it (default limits), `--seed` when asked; waits for /ready.
    Returns the process, or None when it did not come up (its log says why)."""
    log = open(os.path.join(workdir, "server.log"), "a")
    command = [binary, "serve"] + (["--seed"] if seed else [])
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{env['BIOREG_BIND'].rsplit(':', 1)[1]}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/ready", timeout=1).read()
            return process
        except Exception:
            time.sleep(0.1)
    if process.poll() is None:
        process.kill()
    return None


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def summary(calls):
    """The calls log, one line per block: `n:title  201 POST /api/v1/parts, …`."""
    lines, current = [], None
    for line in calls.splitlines():
        if line.startswith("== "):
            current = [line[3:], []]
            lines.append(current)
        elif current is not None:
            status, _, what = line.partition(" ")
            if status == "cli":
                current[1].append(what.split(" --")[0].replace("bioreg ", "bioreg:", 1))
            else:
                path = re.sub(r"^(\S+) localhost:\d+", r"\1 ", what)
                path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}", path)
                current[1].append(f"{status} {path.split('?')[0].split(' (')[0]}")
    return [f"  block {title}: " + ", ".join(calls) for title, calls in lines if calls]


def run(args, blocks, seed):
    """One run of the whole tour against a fresh server and database; True when it passed."""
    label = "seeded" if seed else "empty"
    backend = "postgresql" if args.database_url else "sqlite"
    workdir = tempfile.mkdtemp(prefix=f"bioreg-tour-{label}-")
    database = Database(args.database_url, f"bioreg_tour_{os.getpid()}_{label}", workdir)
    env = dict(os.environ, DATABASE_URL=database.url, BIOREG_BIND=f"127.0.0.1:{args.port}",
               BIOREG_PUBLIC_URL=f"http://localhost:{args.port}", BIOREG_LOG="warn",
               TOUR_DIR=workdir, TOUR_BINARY=os.path.abspath(args.binary))
    # The server as a reader of the README starts it: default limits, no token in the environment.
    ours = ("BIOREG_BIND", "BIOREG_PUBLIC_URL", "BIOREG_LOG")
    for name in [name for name in env if name.startswith("BIOREG_") and name not in ours]:
        env.pop(name)
    with open(os.path.join(workdir, "tour.sh"), "w") as f:
        f.write(script(blocks, args.port))
    started = time.monotonic()
    done, server = None, None
    try:
        server = start_server(args.binary, env, workdir, seed)
        ready = time.monotonic() - started
        if server:
            with open(os.path.join(workdir, "output"), "w") as output:
                done = subprocess.run(["bash", "tour.sh"], cwd=workdir, env=env, stdout=output,
                                      stderr=subprocess.STDOUT, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        pass
    finally:
        if server:
            stop(server)
        database.drop()
    took = time.monotonic() - started

    def read(name):
        path = os.path.join(workdir, name)
        return open(path).read() if os.path.exists(path) else ""

    calls = read("calls")
    print(f"{backend}, {label} database" + (f" (server ready in {ready:.1f}s):" if server else ":"))
    for line in summary(calls):
        print(line)
    if not server or not done or done.returncode != 0 or read("failed") or not calls.endswith("== end\n"):
        why = ("the server did not start" if not server else "timed out" if not done
               else f"bash exited {done.returncode}")
        print(f"FAILED: the tour on {backend}, {label} database ({why}); everything is in {workdir}")
        print(read("failed"), end="")
        if server:
            print("--- the tour's last output lines:\n" + "\n".join(read("output").splitlines()[-25:]))
        else:
            print("--- the server's log:\n" + read("server.log")[-3000:])
        return False
    print(f"ok: the tour on {backend}, {label} database: {calls.count(chr(10)) - calls.count('== ')} calls "
          f"in {took:.1f}s")
    if args.keep:
        print(f"   (kept {workdir}: tour.sh, its output, calls, server.log)")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", required=True, help="the bioreg binary")
    ap.add_argument("--database-url", help="PostgreSQL admin URL: each run creates and drops its own database "
                                           "(default: SQLite in a temporary directory)")
    ap.add_argument("--port", type=int, default=18620)
    ap.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    ap.add_argument("--runs", default="empty,seeded", help="which runs, comma-separated: empty, seeded")
    ap.add_argument("--timeout", type=float, default=300, help="seconds one run of the tour may take")
    ap.add_argument("--keep", action="store_true", help="keep each run's directory (the script, its output, the calls)")
    args = ap.parse_args()
    for tool in ("curl", "jq", "bash") + (("psql",) if args.database_url else ()):
        if not shutil.which(tool):
            sys.exit(f"the tour needs {tool}")
    version = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout
    version = re.match(r"curl (\d+)\.(\d+)", version)
    if not version or (int(version.group(1)), int(version.group(2))) < (7, 84):
        sys.exit("the tour needs curl 7.84 or later (for -w '%header{etag}')")
    blocks = tour_blocks(args.readme)
    literal = hard_coded(blocks)
    if literal:
        sys.exit("the tour names accessions or ids instead of taking them from answers:\n  " + "\n  ".join(literal))
    results = [run(args, blocks, run_name == "seeded") for run_name in args.runs.split(",")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
