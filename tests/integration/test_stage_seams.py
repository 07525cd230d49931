"""What passes between stages arrives whole in a real influxd: numbers re-printed by jq and
Miller keep their field's type, times in seconds land at the right instant, existing field
types are respected, and nothing is dropped without a word."""

import json
import subprocess
import unittest

from fixtures import InfluxServer, run, tool


def pipeline(command, env=None):
    """Runs a shell pipeline of rivulet tools (on PATH), jq and mlr; returns stderr."""
    import os
    from fixtures import BIN
    full_env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    full_env.update(env or {})
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if proc.returncode != 0:
        raise AssertionError(f"{command} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return proc.stderr.decode()


class StageSeamsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = InfluxServer().start()
        cls.url = cls.server.url

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def count(self, db, field, measurement):
        rows = self.server.rows(f'SELECT count("{field}") FROM "{measurement}"', db=db)
        return rows[0]["count"] if rows else 0

    def test_jq_between_stages_stores_every_point(self):
        # jq prints 16278.0 as 16278: typing a field by its first value lost 998 of 1000.
        pipeline(f"frames-gen --fast --count 1000 --seed 2 | jq -c . | influx-write --url {self.url} "
                 "--db jq --create-db --measurement f --tag stream")
        self.assertEqual(self.count("jq", "bitrate_kbps", "f"), 1000)
        self.assertEqual(self.count("jq", "frame_bytes", "f"), 1000)

    def test_miller_csv_to_json_stores_every_point(self):
        err = pipeline(f"frames-gen --fast --count 1000 --seed 3 | mlr --ijsonl --ocsv cat "
                       f"| mlr --icsv --ojsonl cat | influx-write --url {self.url} --db mlr "
                       "--measurement f --tag stream --field bitrate_kbps,fps,width,frame_bytes")
        self.assertEqual(self.count("mlr", "bitrate_kbps", "f"), 1000)
        self.assertEqual(self.count("mlr", "frame_bytes", "f"), 1000)
        # Miller's CSV has no booleans: keyframe comes back as the string "true", and says so.
        self.assertIn('field "keyframe" is a string and neither a --tag nor a --field', err)

    def test_existing_integer_field_keeps_its_type(self):
        self.server.create_db("typed")
        self.server.write("typed", "m n=5i,x=1.5 1700000000000\n")
        pipeline(f"printf '%s\\n' '{{\"ts\":1700000001000,\"n\":6.0,\"x\":2}}' "
                 f"'{{\"ts\":1700000002000,\"n\":9007199254740993,\"x\":3}}' "
                 f"| influx-write --url {self.url} --db typed --measurement m")
        rows = self.server.rows("SELECT n, x FROM m", db="typed")
        self.assertEqual([r["n"] for r in rows], [5, 6, 9007199254740993])  # exact integers
        self.assertEqual([r["x"] for r in rows], [1.5, 2, 3])
        keys = self.server.rows("SHOW FIELD KEYS FROM m", db="typed")
        self.assertEqual({r["fieldKey"]: r["fieldType"] for r in keys},
                         {"n": "integer", "x": "float"})

    def test_seconds_through_win_avg_land_at_the_right_instant(self):
        lines = "".join(json.dumps({"ts": 1700000000 + i, "room": "a", "temp": 20 + i % 3}) + "\n"
                        for i in range(120))
        pipeline(f"printf '%s' '{lines}' | win-avg --time-unit s --window 1m --field temp "
                 f"| influx-write --url {self.url} --db secs --measurement temp")
        rows = self.server.rows("SELECT count, temp_avg FROM temp", db="secs", epoch="s")
        self.assertEqual([r["time"] for r in rows], [1699999980, 1700000040, 1700000100])
        self.assertEqual(sum(r["count"] for r in rows), 120)

    def test_results_of_different_keys_never_overwrite_each_other(self):
        # Without --tag, the key stream is a tag: 8 windows stay 8 points.
        pipeline(f"win-avg --by stream --window 10s {self.capture()} "
                 f"| influx-write --url {self.url} --db keys")
        rows = self.server.rows("SELECT count FROM rivulet GROUP BY stream", db="keys")
        self.assertEqual(len(rows), 8)
        # A misspelt --tag: the loss is reported, not silent.
        err = pipeline(f"win-avg --by stream --window 10s {self.capture()} "
                       f"| influx-write --url {self.url} --db keys2 --measurement b --tag strem")
        self.assertIn('field "stream" is a string and neither a --tag nor a --field', err)
        self.assertIn("same series and time as line 1", err)

    @staticmethod
    def capture():
        import os
        from fixtures import SOURCE
        return os.path.join(SOURCE, "examples", "captures", "frames-4cams-20s.ndjson")


if __name__ == "__main__":
    unittest.main()
