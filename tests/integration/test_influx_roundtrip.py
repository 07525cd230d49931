"""influx-write -> real influxd -> influx-query: every type and escaping rule round trips."""

import json
import os
import tempfile
import unittest

from fixtures import InfluxServer, run, tool

NASTY = [
    "plain", "a,b", "a b", "a=b", 'a"b', "a\\b", "a\\,b", "a\\ b", "a\\=b", "\\\\x",
    "é☃💩", "tab\there", "cr\rhere", "'single'", "#hash", "=start", " lead", "trail ",
    ",", "=", " ", "\\", "a\\\\", "{}[]", "<tag>&amp;",
]
# Valid tag values are the ones not ending in a backslash; string fields take them all.
TAGGABLE = [v for v in NASTY if not v.endswith("\\")]
BASE = 1700000000000


def ndjson(objs):
    return "".join(json.dumps(o) + "\n" for o in objs).encode()


class RoundTripTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = InfluxServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def write(self, db, args, data, check=True):
        return run([tool("influx-write"), "--url", self.server.url, "--db", db, "--create-db"] + args,
                   input=data, check=check)

    def query(self, db, q, *args):
        out = run([tool("influx-query"), "--url", self.server.url, "--db", db] + list(args) + [q])
        return [json.loads(l) for l in out.stdout.decode().splitlines()]

    def test_values_of_every_type_and_nasty_strings(self):
        objs = []
        for i, v in enumerate(NASTY):
            o = {"ts": BASE + i, "s": v, "i": -i * 1000003, "f": i + 0.1, "b": i % 2 == 0,
                 "nested": {"x": i, "y": v}}
            if v in TAGGABLE:
                o["t"] = v
            objs.append(o)
        objs.append({"ts": BASE + 100, "t": "extremes", "s": "", "i": 9223372036854775807,
                     "f": 1.7976931348623157e308, "b": False, "nested": {"x": -9223372036854775808, "y": "e"}})
        objs.append({"ts": BASE + 101, "t": "tiny", "s": "x", "i": 0, "f": 5e-324, "b": True,
                     "nested": {"x": 0, "y": "t"}})
        self.write("rt", ["--measurement", "rt", "--tag", "t", "--field", "s,i,f,b,nested",
                               "--integer", "i,nested.x"], ndjson(objs))

        rows = self.query("rt", 'SELECT * FROM rt GROUP BY "t"')
        self.assertEqual(len(rows), len(objs))
        by_ts = {r["ts"]: r for r in rows}
        for o in objs:
            r = by_ts[o["ts"]]
            self.assertEqual(list(r)[0], "ts")  # ts first
            self.assertEqual(r.get("t", ""), o.get("t", ""), repr(o))
            self.assertEqual(r["s"], o["s"], repr(o))
            self.assertEqual(r["i"], o["i"])
            self.assertEqual(r["f"], o["f"])
            self.assertEqual(r["b"], o["b"])
            self.assertEqual(r["nested_x"], o["nested"]["x"])
            self.assertEqual(r["nested_y"], o["nested"]["y"])
        types = {r["fieldKey"]: r["fieldType"] for r in self.query("rt", "SHOW FIELD KEYS FROM rt")}
        self.assertEqual(types, {"s": "string", "i": "integer", "f": "float", "b": "boolean",
                                 "nested_x": "integer", "nested_y": "string"})

    def test_nasty_measurements_and_keys(self):
        names = ["m,1", "m 2", "m=3", 'm"4', "m\\5", "é☃", "_m"]
        keys = ["k,1", "k 2", "k=3", 'k"4', "k\\5", "é☃", "k\\\\6"]
        objs = [{"ts": BASE + i, "m": n, "tk": "v", keys[i]: i + 0.5} for i, n in enumerate(names)]
        self.write("keys", ["--measurement-field", "m", "--tag", "tk"], ndjson(objs))
        got = {r["name"] for r in self.query("keys", "SHOW MEASUREMENTS")}
        self.assertEqual(got, set(names))
        fields = {r["fieldKey"] for r in self.query("keys", "SHOW FIELD KEYS")}
        self.assertEqual(fields, set(keys))

    def test_unwritable_values_are_rejected_not_corrupted(self):
        good = [{"ts": BASE, "t": "ok", "v": 1}, {"ts": BASE + 1, "t": "ok2", "v": 2}]
        bad = [
            {"ts": BASE + 2, "t": "new\nline", "v": 3},
            {"ts": BASE + 3, "t": "", "v": 4},
            {"ts": BASE + 4, "t": "ends\\", "v": 5},
            {"ts": BASE + 5, "t": "x", "v": 6, "time": 1},
            {"ts": BASE + 6, "t": "x", "s": "two\nlines"},
            {"ts": BASE + 8, "t": "x", "k\\=y": 1},
        ]
        lines = [json.dumps(o) for o in good[:1] + bad + good[1:]]
        lines.insert(3, '{"ts":1700000000007,"t":"x","v":1e400}')
        with tempfile.TemporaryDirectory() as d:
            reject = os.path.join(d, "bad.ndjson")
            p = self.write("bad", ["--measurement", "m", "--tag", "t", "--field", "v,s,time,k\\=y",
                                   "--reject", reject], ("\n".join(lines) + "\n").encode(), check=False)
            self.assertEqual(p.returncode, 1)
            with open(reject) as f:
                rejected = f.read().splitlines()
        self.assertEqual(len(rejected), 7)
        self.assertEqual(sorted(rejected), sorted(lines[1:8]))
        err = p.stderr.decode()
        self.assertIn("influx-write: stdin:2: tag \"t\": tag value \"new\\nline\" contains a newline", err)
        self.assertIn("influx-write: stdin:4: field \"v\" is 1e400, outside", err)
        rows = self.query("bad", "SELECT * FROM m")
        self.assertEqual([(r["t"], r["v"]) for r in rows], [("ok", 1), ("ok2", 2)])

    def test_times_keep_their_precision(self):
        objs = [{"ts": BASE, "v": 1},
                {"ts": "2023-11-14T22:13:20.123456789Z", "v": 2},
                {"ts": BASE + 5, "v": 3}]
        p = self.write("times", ["--measurement", "m", "--stats"], ndjson(objs))
        self.assertIn("2 batches", p.stderr.decode())  # a finer time started a new batch
        rows = self.query("times", "SELECT v FROM m", "--time-unit", "ns")
        self.assertEqual([r["ts"] for r in rows],
                         [BASE * 1000000, (BASE + 5) * 1000000, 1700000000123456789])

    def test_print_output_posts_as_is(self):
        objs = [{"ts": BASE + i, "stream": f"cam {i}", "v": i * 1.5} for i in range(3)]
        out = run([tool("influx-write"), "--print", "--measurement", "p", "--tag", "stream"],
                  input=ndjson(objs)).stdout
        self.server.create_db("printed")
        self.server.write("printed", out, precision="ns")
        rows = self.query("printed", 'SELECT * FROM p')
        self.assertEqual([(r["ts"], r["stream"], r["v"]) for r in rows],
                         [(o["ts"], o["stream"], o["v"]) for o in objs])


if __name__ == "__main__":
    unittest.main()
