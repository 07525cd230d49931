"""influxd killed and restarted in the middle of a write: every point arrives exactly once.

InfluxDB stores one point per series and timestamp, so a batch that is sent again after the
server went away (whether or not it had stored it) cannot duplicate points; what must not
happen is a point lost. Counts and sums over all points prove both.
"""

import json
import subprocess
import threading
import time
import unittest

from fixtures import InfluxServer, tool

BASE = 1700000000000


class RestartTest(unittest.TestCase):
    def test_kill_and_restart_during_write(self):
        n = 6000
        with InfluxServer() as server:
            server.create_db("restart")
            proc = subprocess.Popen(
                [tool("influx-write"), "--url", server.url, "--db", "restart", "--measurement", "m",
                 "--tag", "stream", "--batch-size", "100", "--flush-interval", "50ms",
                 "--max-retry-time", "60s", "--timeout", "2s", "--stats"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            stderr = []
            reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()))
            reader.start()

            def feed(lo, hi):
                for i in range(lo, hi):
                    line = {"ts": BASE + i, "stream": f"cam-{i % 3}", "v": i, "f": i * 0.5}
                    proc.stdin.write((json.dumps(line) + "\n").encode())
                    if i % 100 == 0:
                        proc.stdin.flush()
                        time.sleep(0.005)
                proc.stdin.flush()

            feed(0, 2000)
            server.kill()                 # a crash in the middle of the stream
            feed(2000, 4000)              # keeps arriving while the server is down
            time.sleep(1.0)
            server.start()
            feed(4000, n)
            proc.stdin.close()
            self.assertEqual(proc.wait(120), 0, stderr)
            reader.join()
            proc.stdout.close()
            proc.stderr.close()
            err = stderr[0].decode()
            self.assertRegex(err, r"[1-9][0-9]* retries")  # it really did hit the dead server
            rows = server.rows("SELECT count(v), sum(v), sum(f) FROM m", db="restart")
            self.assertEqual(rows[0]["count"], n)
            self.assertEqual(rows[0]["sum"], n * (n - 1) // 2)
            self.assertEqual(rows[0]["sum_1"], n * (n - 1) / 4)
            per_stream = server.rows('SELECT count(v) FROM m GROUP BY "stream"', db="restart")
            self.assertEqual(sorted(r["count"] for r in per_stream), [n // 3] * 3)


if __name__ == "__main__":
    unittest.main()
