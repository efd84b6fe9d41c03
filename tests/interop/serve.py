"""A bioreg server for the interop harnesses: started on a database of its own (or the one given), with a
submitter's API token, and stopped when the `with` block ends."""
import os, subprocess, sys, tempfile, time, urllib.error, urllib.request


class Server:
    def __init__(self, binary, database_url=None, port=18581, name="interop", env=None):
        self.workdir = tempfile.mkdtemp(prefix=f"bioreg-{name}-")
        self.base = f"http://127.0.0.1:{port}"
        self.env = dict(os.environ, DATABASE_URL=database_url or f"sqlite://{self.workdir}/bioreg.db",
                        BIOREG_BIND=f"127.0.0.1:{port}", BIOREG_PUBLIC_URL=self.base, BIOREG_LOG="warn",
                        # the harnesses send thousands of requests a minute from one address and one token
                        BIOREG_RATE_LIMIT_PER_IP="0", BIOREG_RATE_LIMIT_PER_TOKEN="0",
                        # they post whole files and read the report from the answer: imports run in the
                        # request up to the import size limit, never as jobs (unless asked for)
                        BIOREG_ASYNC_IMPORT_BYTES=str(1 << 40))
        self.env.update(env or {})
        self.binary, self.name, self.process = binary, name, None

    def __enter__(self):
        created = subprocess.run([self.binary, "user", "create", "--name", f"{self.name}-ci", "--role", "submitter"],
                                 env=self.env, check=True, capture_output=True, text=True)
        self.token = created.stdout.strip().splitlines()[-1]
        return self.start()

    def start(self):
        """Starts `bioreg serve` (again, after `kill`) and waits for /ready (its sequence index loaded)."""
        log = open(f"{self.workdir}/log", "a")
        self.process = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.base}/ready", timeout=1).read()
                return self
            except Exception:
                if self.process.poll() is not None:
                    sys.exit(f"bioreg exited; see {self.workdir}/log")
                time.sleep(0.1)
        sys.exit(f"bioreg did not answer /ready; see {self.workdir}/log")

    def kill(self):
        """SIGKILL: the process gets no chance to finish anything."""
        self.process.kill()
        self.process.wait()

    def user(self, name, role):
        """The API token of a new user with this role (created straight in the database)."""
        created = subprocess.run([self.binary, "user", "create", "--name", name, "--role", role], env=self.env,
                                 check=True, capture_output=True, text=True)
        return created.stdout.strip().splitlines()[-1]

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait(timeout=60)

    def http(self, method, path, body=None, content_type=None, accept=None, token=None, headers=None):
        """(status, body bytes) of a request as the harness's submitter, or with another token."""
        request = urllib.request.Request(f"{self.base}{path}", data=body, method=method)
        request.add_header("Authorization", f"Bearer {token or self.token}")
        if content_type:
            request.add_header("Content-Type", content_type)
        if accept:
            request.add_header("Accept", accept)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
