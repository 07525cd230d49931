"""Fixtures for integration tests: the built tools and real servers on loopback ports.

InfluxServer starts Debian's influxd (1.x) in a temporary directory on free loopback ports
and stops it afterwards. Tests never mock the database.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

BIN = os.environ.get("RIVULET_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "tools")
SOURCE = os.environ.get("RIVULET_SOURCE") or os.path.join(os.path.dirname(__file__), "..", "..")


def tool(name):
    """Path of a built rivulet tool."""
    path = os.path.join(BIN, name)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is not built")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, input=None, check=True, timeout=120, env=None):
    """Runs a command, returns CompletedProcess with bytes stdout/stderr."""
    proc = subprocess.run(args, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return proc


class InfluxServer:
    """A real influxd on 127.0.0.1, in its own temp dir. Use as a context manager."""

    def __init__(self, port=None):
        self.dir = tempfile.mkdtemp(prefix="rivulet-influxd-")
        self.port = port or free_port()
        self.rpc_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_path = os.path.join(self.dir, "influxd.log")

    def config(self):
        d = self.dir
        return f"""reporting-disabled = true
bind-address = "127.0.0.1:{self.rpc_port}"
[meta]
  dir = "{d}/meta"
  logging-enabled = false
[data]
  dir = "{d}/data"
  wal-dir = "{d}/wal"
  query-log-enabled = false
  trace-logging-enabled = false
[coordinator]
  log-queries-after = "0s"
[http]
  enabled = true
  bind-address = "127.0.0.1:{self.port}"
  log-enabled = false
  max-body-size = 0
[monitor]
  store-enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
"""

    def start(self, timeout=30):
        path = os.path.join(self.dir, "influxd.conf")
        with open(path, "w") as f:
            f.write(self.config())
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(["influxd", "run", "-config", path], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"influxd exited {self.proc.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/ping", timeout=1) as r:
                    if r.status == 204:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"influxd did not answer /ping in {timeout}s: {self.log_tail()}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None

    def restart(self):
        self.stop()
        return self.start()

    def kill(self):
        """Kills influxd at once (SIGKILL), as a crash would; start() brings it back on the
        same ports and data directory."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def log_tail(self, n=2000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-n:].decode(errors="replace")
        except OSError:
            return ""

    def query(self, q, db=None, epoch="ms"):
        """Runs InfluxQL; returns the parsed JSON response (raises on HTTP errors)."""
        params = {"q": q, "epoch": epoch}
        if db:
            params["db"] = db
        data = urllib.parse.urlencode(params).encode()
        with urllib.request.urlopen(self.url + "/query", data=data, timeout=60) as r:
            return json.loads(r.read())

    def create_db(self, db):
        self.query(f'CREATE DATABASE "{db}"')

    def write(self, db, lines, precision="ms"):
        """Posts line protocol (str or bytes) with plain HTTP."""
        body = lines.encode() if isinstance(lines, str) else lines
        url = f"{self.url}/write?db={urllib.parse.quote(db)}&precision={precision}"
        req = urllib.request.Request(url, data=body, method="POST")
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status

    def rows(self, q, db=None, epoch="ms"):
        """Runs a query and flattens its series into dicts: time, tags and columns."""
        out = []
        for result in self.query(q, db, epoch).get("results", []):
            if "error" in result:
                raise RuntimeError(result["error"])
            for series in result.get("series", []):
                tags = series.get("tags", {})
                for values in series["values"]:
                    row = dict(tags)
                    row.update(zip(series["columns"], values))
                    out.append(row)
        return out
