"""influx-query against a real influxd: rows as NDJSON, chunked responses streamed, errors."""

import json
import resource
import subprocess
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fixtures import InfluxServer, run, tool

BASE = 1700000000000


class QueryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = InfluxServer().start()
        cls.n = 60000
        lines = "".join(json.dumps({"ts": BASE + i, "stream": f"cam-{i % 3}", "v": i, "f": 0.5})
                        + "\n" for i in range(cls.n))
        run([tool("influx-write"), "--url", cls.server.url, "--db", "q", "--create-db",
             "--measurement", "m", "--tag", "stream"], input=lines.encode())

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def query(self, *args, check=True):
        return run([tool("influx-query"), "--url", self.server.url] + list(args), check=check)

    def test_rows_stream_through_many_chunks_in_bounded_memory(self):
        p = self.query("--db", "q", 'SELECT v, f FROM m GROUP BY "stream"')
        rows = [json.loads(l) for l in p.stdout.decode().splitlines()]
        self.assertEqual(len(rows), self.n)  # 10000-row chunks: several per series
        self.assertEqual(list(rows[0]), ["ts", "stream", "v", "f"])
        self.assertEqual(sum(r["v"] for r in rows), self.n * (self.n - 1) // 2)
        self.assertEqual({r["ts"] - BASE for r in rows if r["stream"] == "cam-1"},
                         set(range(1, self.n, 3)))
        self.assertLess(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, 200 * 1024)

    def test_time_unit_and_query_option(self):
        p = self.query("--db", "q", "--time-unit", "s", "-e", "SELECT v FROM m WHERE v = 1000")
        self.assertEqual(p.stdout.decode(), '{"ts":1700000001,"v":1000}\n')
        p = self.query("--db", "q", "--time-unit", "ns",
                       'SELECT count(v) FROM m WHERE time >= %dms AND time < %dms GROUP BY time(10s)'
                       % (BASE, BASE + 60000))
        first = json.loads(p.stdout.decode().splitlines()[0])
        self.assertEqual(first, {"ts": BASE * 1000000, "count": 10000})

    def test_server_errors_are_shown_as_they_are(self):
        p = self.query("--db", "q", "SELEKT nothing", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr.decode(), r"^influx-query: HTTP 400 from .*: error parsing query: found SELEKT")
        p = self.query("--db", "nope", "SELECT * FROM m", check=False)
        self.assertEqual((p.returncode, p.stderr.decode()), (1, "influx-query: database not found: nope\n"))
        # One good statement and one bad: the rows, then the error.
        p = self.query("--db", "q", "SELECT v FROM m WHERE v = 5; SELECT v FROM m WHERE", check=False)
        self.assertEqual(p.returncode, 1)
        p = self.query("--db", "q", "SELECT v FROM m WHERE v = 5; SELECT v FROM m GROUP BY time(1h)",
                       check=False)
        self.assertEqual(p.stdout.decode(), '{"ts":1700000000005,"statement":1,"v":5}\n')
        self.assertEqual(p.returncode, 1)
        self.assertIn("influx-query: ", p.stderr.decode())

    def test_unknown_measurement_is_an_error_and_rows_name_their_statement(self):
        p = self.query("--db", "q", "SELECT v FROM mm", check=False)
        self.assertEqual((p.returncode, p.stdout.decode(), p.stderr.decode()),
                         (1, "", 'influx-query: measurement "mm" not found in database "q"\n'))
        p = self.query("--db", "q", "SELECT v FROM m WHERE v > 1000000", check=False)
        self.assertEqual((p.returncode, p.stdout.decode()), (0, ""))  # there, just no rows
        p = self.query("--db", "q", "SELECT v FROM m WHERE v = 5; SELECT v FROM nope; "
                       "SELECT v FROM m WHERE v = 6", check=False)
        self.assertEqual(p.stdout.decode(), '{"ts":1700000000005,"statement":1,"v":5}\n'
                                            '{"ts":1700000000006,"statement":3,"v":6}\n')
        self.assertEqual(p.stderr.decode(),
                         'influx-query: statement 2: measurement "nope" not found in database "q"\n')

    def test_show_queries_have_no_ts(self):
        p = self.query("--db", "q", "SHOW TAG VALUES FROM m WITH KEY = stream")
        self.assertEqual([json.loads(l) for l in p.stdout.decode().splitlines()],
                         [{"key": "stream", "value": f"cam-{i}"} for i in range(3)])


class StreamingTest(unittest.TestCase):
    def test_rows_of_a_chunk_are_printed_before_the_next_chunk_arrives(self):
        first_row_seen = threading.Event()
        timed_out = []
        chunk = lambda i: (json.dumps({"results": [{"statement_id": 0, "series": [
            {"name": "m", "columns": ["time", "v"], "values": [[i, i]]}], "partial": i == 1}]})
            + "\n").encode()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in (1, 2):
                    data = chunk(i)
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                    if i == 1:
                        timed_out.append(not first_row_seen.wait(5))
                self.wfile.write(b"0\r\n\r\n")

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            proc = subprocess.Popen([tool("influx-query"), "--url",
                                     f"http://127.0.0.1:{server.server_address[1]}", "--db", "d",
                                     "SELECT v FROM m"], stdout=subprocess.PIPE)
            first = proc.stdout.readline()  # must not wait for the second chunk
            first_row_seen.set()
            rest = proc.stdout.read()
            self.assertEqual(proc.wait(10), 0)
            proc.stdout.close()
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(timed_out, [False])  # the first row came while the server waited
        self.assertEqual(first, b'{"ts":1,"v":1}\n')
        self.assertEqual(rest, b'{"ts":2,"v":2}\n')

    def test_a_server_that_stops_sending_is_given_up_on(self):
        release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                data = b'{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","v"],"values":[[1,1]]}],"partial":true}]}\n'
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
                release.wait(20)  # then silence

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            t = time.monotonic()
            p = run([tool("influx-query"), "--url", f"http://127.0.0.1:{server.server_address[1]}",
                     "--db", "d", "--timeout", "1s", "SELECT v FROM m"], check=False)
            elapsed = time.monotonic() - t
        finally:
            release.set()
            server.shutdown()
            server.server_close()
        self.assertLess(elapsed, 4)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, b'{"ts":1,"v":1}\n')
        self.assertRegex(p.stderr.decode(), r"^influx-query: cannot reach http://127.0.0.1:\d+: the server took more than 1000 ms to answer in full\n$")


class HostileServer:
    """A local HTTP server that answers every request with respond(handler): one that
    misbehaves as a real influxd never would. Use as a context manager; .url."""

    def __init__(self, respond):
        stop = self.stop = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                try:
                    respond(self, stop)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def chunk(self, data):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

            def start_chunked(self, status=200):
                self.send_response(status)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def row_chunk(values):
    return (json.dumps({"results": [{"statement_id": 0, "series": [
        {"name": "m", "columns": ["time", "v"], "values": values}]}]}) + "\n").encode()


class HostileServerTest(unittest.TestCase):
    """What a broken or hostile server can do to influx-query: bounded memory and time, and
    nothing it sends acts on the terminal."""

    def query(self, url, *args, stdout=subprocess.PIPE):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.monotonic()
        p = subprocess.run([tool("influx-query"), "--url", url, "--db", "d", *args, "SELECT v FROM m"],
                           stdout=stdout, stderr=subprocess.PIPE, timeout=60)
        return p, time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    def test_an_endless_line_is_cut_at_the_bound_in_bounded_memory(self):
        def respond(h, stop):
            h.start_chunked()
            h.chunk(row_chunk([[1, 1]]))
            h.chunk(b'{"results":[{"statement_id":0,"series":[{"name":"m","columns":["v"],"values":[')
            block = b"[1]," * (1 << 18)  # 1 MiB, never a newline
            while not stop.is_set():
                h.chunk(block)

        with HostileServer(respond) as s:
            p, elapsed, maxrss_kib = self.query(s.url)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, b'{"ts":1,"v":1}\n')  # the rows before it are kept
        self.assertEqual(p.stderr.decode(),
                         "influx-query: a line of the server's response is longer than 64 MiB "
                         "(InfluxDB sends at most 1000 rows a line): stopped reading it\n")
        # Without the bound this grew until memory ran out (16.9 GB measured).
        self.assertLess(maxrss_kib, 300 * 1024)

    def test_timeout_bounds_a_response_that_trickles_forever(self):
        def respond(h, stop):
            h.start_chunked()
            h.chunk(row_chunk([[1, 1]]))
            while not stop.wait(0.05):  # a byte every 50 ms: never silent, never done
                h.chunk(b" ")
                h.wfile.flush()

        with HostileServer(respond) as s:
            p, elapsed, _ = self.query(s.url, "--timeout", "1s")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, b'{"ts":1,"v":1}\n')
        self.assertRegex(p.stderr.decode(), r"^influx-query: cannot reach http://127.0.0.1:\d+: "
                         r"the server took more than 1000 ms to answer in full\n$")
        self.assertLess(elapsed, 5)

    def test_time_the_output_is_blocked_does_not_count_against_timeout(self):
        rows = [[i, i] for i in range(1000)]

        def respond(h, stop):
            h.start_chunked()
            for _ in range(50):  # ~1 MB of rows, far more than a pipe holds
                h.chunk(row_chunk(rows))
            h.chunk(b"")

        with HostileServer(respond) as s:
            proc = subprocess.Popen([tool("influx-query"), "--url", s.url, "--db", "d",
                                     "--timeout", "1s", "SELECT v FROM m"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(2.5)  # a reader that looks away (a pager) for longer than --timeout
            out, err = proc.communicate(timeout=30)
        self.assertEqual(err, b"")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(len(out.splitlines()), 50 * 1000)

    def test_control_characters_from_the_server_never_reach_the_terminal_raw(self):
        row = ('{"results":[{"statement_id":0,"series":[{"name":"m","tags":{"t\u009b":"x"},'
               '"columns":["time","s"],"values":[[1,"a\u007fb\u009b31m\\u001b]0;title\\u0007"]]}]},'
               '{"statement_id":1,"error":"bad \\u001b[2J\u009bthing"}]}\n').encode()

        def ok(h, stop):
            h.start_chunked()
            h.chunk(row)
            h.chunk(b"")

        def error(h, stop):
            body = b'\x1b]0;pwned\x07 not influx \xc2\x9b31m'
            h.send_response(500)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        with HostileServer(ok) as s:
            p, _, _ = self.query(s.url)
        self.assertEqual(p.returncode, 1)
        out = p.stdout.decode()
        self.assertEqual(out, '{"ts":1,"t\\u009b":"x","s":"a\\u007fb\\u009b31m\\u001b]0;title\\u0007"}\n')
        # Nothing lost: the JSON escapes are the same characters.
        self.assertEqual(json.loads(out)["s"], "a\u007fb\u009b31m\u001b]0;title\u0007")
        self.assertEqual(p.stderr.decode(), "influx-query: bad \\x1b[2J\\u009bthing\n")
        with HostileServer(error) as s:
            p, _, _ = self.query(s.url)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.decode()[-60:].split(": ", 1)[-1],
                         "\\x1b]0;pwned\\x07 not influx \\u009b31m\n")
        for b in (0x1b, 0x07, 0x7f):
            self.assertNotIn(bytes([b]), p.stderr + p.stdout)


if __name__ == "__main__":
    unittest.main()
