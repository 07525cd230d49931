"""influx-write's failure handling against a scripted HTTP server (statuses a real influxd
will not give on demand), and the spill file re-sent to a real influxd."""

import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from fixtures import InfluxServer, free_port, run, tool
from http_responder import HttpResponder

BASE = 1700000000000


def events(n, start=0):
    return "".join(json.dumps({"ts": BASE + i, "stream": f"cam-{i % 2}", "v": i}) + "\n"
                   for i in range(start, start + n)).encode()


def write(url, args, data, timeout=60):
    return run([tool("influx-write"), "--url", url, "--db", "d", "--measurement", "m",
                "--tag", "stream"] + args, input=data, check=False, timeout=timeout)


def ok(req):
    return 204, {}, b""


class Script:
    """Answers writes from a list of (status, headers, body), then 204 forever; the queries
    influx-write makes before writing (CREATE DATABASE, SHOW FIELD KEYS) get an empty 200."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.lock = threading.Lock()

    def __call__(self, req):
        if req.path == "/query":
            return 200, {}, '{"results":[{"statement_id":0}]}'
        with self.lock:
            return self.answers.pop(0) if self.answers else (204, {}, b"")


class FailureTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_500_and_503_are_retried_with_the_same_batch(self):
        with HttpResponder(Script((500, {}, '{"error":"timeout"}'), (503, {}, ""))) as r:
            p = write(r.url, ["--stats", "--gzip"], events(5))
            self.assertEqual(p.returncode, 0, p.stderr)
            reqs = r.write_requests()
            self.assertEqual(len(reqs), 3)
            self.assertEqual(reqs[0].body, reqs[2].body)
            self.assertEqual(len(reqs[2].lines()), 5)
            self.assertEqual(reqs[0].headers.get("Content-Encoding"), "gzip")
            self.assertEqual(reqs[0].query, {"db": "d", "precision": "ms"})
            self.assertIn("5 written, 1 batches, 3 requests, 2 retries", p.stderr.decode())

    def test_bodies_to_a_loopback_server_are_not_compressed_by_default(self):
        # The responder listens on 127.0.0.1; reached as "localhost" too.
        for host in ("127.0.0.1", "localhost"):
            with HttpResponder(Script()) as r:
                p = write(r.url.replace("127.0.0.1", host), [], events(3))
                self.assertEqual(p.returncode, 0, p.stderr)
                reqs = r.write_requests()
                self.assertEqual(len(reqs), 1)
                self.assertIsNone(reqs[0].headers.get("Content-Encoding"))
                self.assertEqual(len(reqs[0].lines()), 3)

    def test_429_retry_after_is_honoured(self):
        with HttpResponder(Script((429, {"Retry-After": "1"}, "slow down"))) as r:
            p = write(r.url, [], events(3))
            self.assertEqual(p.returncode, 0, p.stderr)
            reqs = r.write_requests()
            self.assertEqual(len(reqs), 2)
            self.assertGreaterEqual(reqs[1].time - reqs[0].time, 0.95)

    def test_413_splits_the_batch(self):
        def small_only(req):
            return (413, {}, "Request Entity Too Large") if len(req.lines()) > 3 else (204, {}, "")
        with HttpResponder(small_only) as r:
            p = write(r.url, ["--batch-size", "10"], events(10))
            self.assertEqual(p.returncode, 0, p.stderr)
            delivered = [l for q in r.write_requests() if len(q.lines()) <= 3 for l in q.lines()]
            self.assertEqual(len(delivered), 10)
            self.assertEqual(delivered, sorted(delivered, key=lambda l: int(l.split()[-1])))

    def test_400_writes_good_points_and_rejects_bad_ones(self):
        def refuse_odd_sevens(req):
            if any(" v=7 " in l or " v=13 " in l for l in req.lines()):
                return 400, {}, '{"error":"partial write: field type conflict dropped=1"}'
            return 204, {}, ""
        reject = self.path("bad.ndjson")
        with HttpResponder(refuse_odd_sevens) as r:
            data = events(20)
            p = write(r.url, ["--reject", reject], data)
            self.assertEqual(p.returncode, 1)
            written = [l for q in r.write_requests() if q.lines() and not any(
                " v=7 " in l or " v=13 " in l for l in q.lines()) for l in q.lines()]
            self.assertEqual(len(written), 18)
        lines = data.decode().splitlines()
        with open(reject) as f:
            self.assertEqual(f.read().splitlines(), [lines[7], lines[13]])
        self.assertEqual(
            p.stderr.decode().splitlines()[0],
            "influx-write: stdin:8: the server refused the point: partial write: field type "
            "conflict dropped=1")

    def test_401_and_404_fail_fast_with_a_hint(self):
        for status, hint in [(401, "check INFLUX_TOKEN"), (403, "the credentials are valid"),
                             (404, "check --db; create the database first, or pass --create-db")]:
            with HttpResponder(lambda req: (status, {}, '{"error":"no"}')) as r:
                t = time.monotonic()
                p = write(r.url, ["--max-retry-time", "30s"], events(3))
                self.assertLess(time.monotonic() - t, 5)
                self.assertEqual(p.returncode, 1)
                self.assertEqual(len(r.write_requests()), 1)
                err = p.stderr.decode()
                self.assertIn(f"HTTP {status} from {r.url}: no ({hint}", err)
                self.assertIn("3 points not written", err)

    def test_a_password_in_the_url_is_used_but_never_shown(self):
        with HttpResponder(lambda req: (401, {}, '{"error":"authorization failed"}')) as r:
            url = r.url.replace("http://", "http://me:s3cret@")
            shown = r.url.replace("http://", "http://me:***@")
            p = write(url, [], events(2))
            self.assertEqual(p.returncode, 1)
            # curl sends the URL's user and password as basic auth ("me:s3cret").
            self.assertEqual(r.write_requests()[0].headers["Authorization"], "Basic bWU6czNjcmV0")
            query = run([tool("influx-query"), "--db", "d", "SELECT 1"], check=False,
                        env=dict(os.environ, INFLUX_URL=url))
            self.assertEqual(query.returncode, 1)
            for err in (p.stderr.decode(), query.stderr.decode()):
                self.assertIn(f"HTTP 401 from {shown}: authorization failed", err)
                self.assertNotIn("s3cret", err)

    def test_token_and_basic_auth_come_from_the_environment(self):
        token = self.path("token")
        with open(token, "w") as f:
            f.write("from-file\n")
        with HttpResponder(ok) as r:
            env = dict(os.environ, INFLUX_USERNAME="u", INFLUX_PASSWORD="p")
            run([tool("influx-write"), "--url", r.url, "--db", "d", "--measurement", "m"],
                input=events(1), env=env)
            run([tool("influx-write"), "--url", r.url, "--bucket", "b", "--org", "o",
                 "--measurement", "m", "--token-file", token], input=events(1))
            reqs = [q for q in r.requests if q.path != "/query"]
            self.assertEqual(reqs[0].headers["Authorization"], "Basic dTpw")
            self.assertEqual(reqs[1].path, "/api/v2/write")
            self.assertEqual(reqs[1].query, {"bucket": "b", "org": "o", "precision": "ms"})
            self.assertEqual(reqs[1].headers["Authorization"], "Token from-file")

    def test_https_with_ca_cert_or_insecure(self):
        cert, key = self.path("cert.pem"), self.path("key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        with HttpResponder(ok, tls_cert=cert, tls_key=key) as r:
            self.assertTrue(r.url.startswith("https://"))
            p = write(r.url, ["--ca-cert", cert], events(2))
            self.assertEqual(p.returncode, 0, p.stderr)
            p = write(r.url, ["--insecure"], events(2))
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(len(r.write_requests()), 2)
            # An unverifiable certificate fails at once: retrying cannot fix it.
            t = time.monotonic()
            p = write(r.url, ["--max-retry-time", "30s"], events(2))
            self.assertLess(time.monotonic() - t, 5)
            self.assertEqual(p.returncode, 1)
            self.assertIn("(check --ca-cert, or use --insecure for a test server)", p.stderr.decode())
            p = run([tool("influx-query"), "--url", r.url, "--db", "d", "--ca-cert", cert,
                     "SHOW DATABASES"], check=False)
            self.assertEqual(p.returncode, 0, p.stderr)

    def test_batches_by_size(self):
        with HttpResponder(ok) as r:
            p = write(r.url, ["--batch-size", "10", "--no-gzip"], events(35))
            self.assertEqual(p.returncode, 0, p.stderr)
            reqs = r.write_requests()
            self.assertEqual([len(q.lines()) for q in reqs], [10, 10, 10, 5])
            self.assertNotIn("Content-Encoding", reqs[0].headers)

    def test_batches_by_time_while_input_stays_open(self):
        with HttpResponder(ok) as r:
            proc = subprocess.Popen(
                [tool("influx-write"), "--url", r.url, "--db", "d", "--measurement", "m",
                 "--flush-interval", "300ms"], stdin=subprocess.PIPE)
            proc.stdin.write(events(3))
            proc.stdin.flush()
            t = time.monotonic()
            while not r.write_requests() and time.monotonic() - t < 5:
                time.sleep(0.02)
            waited = time.monotonic() - t
            self.assertEqual(len(r.write_requests()[0].lines()), 3)
            self.assertLess(waited, 1.5)
            self.assertIsNone(proc.poll())  # still running: input is open
            proc.stdin.close()
            self.assertEqual(proc.wait(10), 0)

    def test_unreachable_server_spills_and_the_spill_resends(self):
        spill = self.path("unsent.lp")
        url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
        t = time.monotonic()
        p = write(url, ["--max-retry-time", "1s", "--spill", spill, "--batch-size", "4"], events(10))
        self.assertLess(time.monotonic() - t, 15)
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode()
        self.assertIn("points not written: Couldn't connect to server (gave up after 1s of retries); "
                      "appended to " + spill, err)
        with open(spill) as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 10)
        self.assertTrue(lines[0].endswith(" %d" % (BASE * 1000000)))  # ns timestamps
        with InfluxServer() as server:
            run([tool("influx-write"), "--url", server.url, "--db", "resent", "--create-db",
                 "--input", "lp", spill])
            rows = server.rows("SELECT count(v), sum(v) FROM m", db="resent")
            self.assertEqual((rows[0]["count"], rows[0]["sum"]), (10, 45))
            first = server.rows("SELECT v FROM m LIMIT 1", db="resent")
            self.assertEqual(first[0]["time"], BASE)

    def test_sigterm_while_retrying_ends_promptly_and_spills(self):
        spill = self.path("unsent.lp")
        with HttpResponder(lambda req: (503, {}, "")) as r:
            proc = subprocess.Popen(
                [tool("influx-write"), "--url", r.url, "--db", "d", "--measurement", "m",
                 "--spill", spill, "--max-retry-time", "5m"],
                stdin=subprocess.PIPE, stderr=subprocess.PIPE)
            proc.stdin.write(events(5))
            proc.stdin.flush()
            t = time.monotonic()
            while not r.write_requests() and time.monotonic() - t < 5:
                time.sleep(0.02)
            proc.send_signal(signal.SIGTERM)
            t = time.monotonic()
            _, err = proc.communicate(timeout=30)
            self.assertLess(time.monotonic() - t, 10)
            self.assertEqual(proc.returncode, 1)
            self.assertIn("5 points not written", err.decode())
        with open(spill) as f:
            self.assertEqual(len(f.read().splitlines()), 5)

    def test_sigterm_against_a_hung_server_keeps_the_stop_promise(self):
        # A server that accepts the connection and the request, then never answers: the
        # request in flight must not hold the tool past the 5 s stop grace.
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        accepted = []
        threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
        spill = self.path("unsent.lp")
        url = "http://127.0.0.1:%d" % listener.getsockname()[1]
        proc = subprocess.Popen(
            [tool("influx-write"), "--url", url, "--db", "d", "--measurement", "m",
             "--spill", spill, "--timeout", "5m"],
            stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            proc.stdin.write(events(7))
            proc.stdin.flush()
            t = time.monotonic()
            while not accepted and time.monotonic() - t < 10:
                time.sleep(0.02)
            self.assertTrue(accepted, "influx-write never connected")
            time.sleep(0.3)  # the request is in flight now
            proc.send_signal(signal.SIGTERM)
            t = time.monotonic()
            _, err = proc.communicate(timeout=30)
            self.assertLess(time.monotonic() - t, 7.5)
        finally:
            if proc.poll() is None:
                proc.kill()
            for conn, _ in accepted:
                conn.close()
            listener.close()
        self.assertEqual(proc.returncode, 1)
        self.assertIn("7 points not written", err.decode())
        with open(spill) as f:
            self.assertEqual(len(f.read().splitlines()), 7)

    def test_an_outage_is_reported_as_it_starts_and_ends_and_stats_keep_ticking(self):
        down_until = [None]

        def respond(req):
            if down_until[0] is None:
                down_until[0] = time.monotonic() + 3.0
            if time.monotonic() < down_until[0]:
                return 503, {}, b'{"error":"shutting down"}'
            return 204, {}, b""

        with HttpResponder(respond) as r:
            proc = subprocess.Popen(
                [tool("influx-write"), "--url", r.url, "--db", "d", "--measurement", "m",
                 "--stats"], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
            proc.stdin.write(events(20))
            proc.stdin.flush()
            lines = []
            t = time.monotonic()
            # Read stderr as it comes: the warning must appear during the outage.
            saw_warning_at = None
            while time.monotonic() - t < 20:
                line = proc.stderr.readline().decode()
                if not line:
                    break
                lines.append(line)
                if "not answering (HTTP 503: shutting down)" in line and saw_warning_at is None:
                    saw_warning_at = time.monotonic()
                if "answers again after" in line:
                    break
            proc.stdin.close()
            rest = proc.stderr.read().decode()
            proc.stderr.close()
            proc.wait(timeout=30)
        text = "".join(lines) + rest
        self.assertIsNotNone(saw_warning_at, text)
        self.assertLess(saw_warning_at - t, 2.0, text)
        self.assertIn("influx-write: warning: the server is not answering (HTTP 503: shutting "
                      "down); retrying, reading stops meanwhile", text)
        self.assertRegex(text, r"influx-write: the server answers again after [2-9]\.\d+s")
        during = [l for l in lines if "server not answering for" in l]
        self.assertGreaterEqual(len(during), 2, text)  # --stats ticks during the retries
        self.assertEqual(proc.returncode, 0, text)
        self.assertEqual(sum(len(q.lines()) for q in r.write_requests()
                             if q is r.write_requests()[-1]), 20)

    def test_a_server_down_for_good_spills_later_batches_at_once(self):
        spill = self.path("unsent.lp")
        with HttpResponder(lambda req: (503, {}, b"")) as r:
            t = time.monotonic()
            p = write(r.url, ["--batch-size", "10", "--max-retry-time", "1s", "--spill", spill],
                      events(200))
            took = time.monotonic() - t
            requests = len(r.write_requests())
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 1, err)
        # One batch waits out the retry time; the other 19 follow at once, not 19 s later.
        self.assertLess(took, 6, err)
        self.assertIn("not retried, since an earlier batch already retried for 1s", err)
        with open(spill) as f:
            self.assertEqual(len(f.read().splitlines()), 200)
        self.assertLess(requests, 30)


if __name__ == "__main__":
    unittest.main()
