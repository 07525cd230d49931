"""Every panel of the Grafana dashboard returns rows from a real influxd filled by the
pipeline. Grafana cannot be installed here, so its macros are substituted the way Grafana
does: $timeFilter becomes a time range, $__interval a GROUP BY interval."""

import json
import os
import subprocess
import time
import unittest

from fixtures import SOURCE, InfluxServer, tool


def pipeline(*stages):
    """Runs stages (lists of argv) connected by pipes; raises if any fails."""
    procs = []
    prev = None
    for argv in stages:
        p = subprocess.Popen(argv, stdin=prev, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if prev is not None:
            prev.close()
        prev = p.stdout
        procs.append(p)
    out = procs[-1].stdout.read()
    for p, argv in zip(procs, stages):
        p.wait(timeout=120)
        err = p.stderr.read().decode()
        if p.returncode != 0:
            raise AssertionError(f"{argv[0]} exited {p.returncode}: {err}")
    return out


class GrafanaDashboardTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = InfluxServer().start()
        # Two minutes of events ending a minute ago, so "now() - 1h" covers them.
        start_ms = int(time.time() * 1000) - 3 * 60 * 1000
        common = ["--streams", "4", "--fast", "--duration", "2m", "--seed", "1",
                  "--start", str(start_ms)]
        write = [tool("influx-write"), "--url", cls.server.url, "--db", "video", "--create-db",
                 "--tag", "stream", "--measurement"]
        pipeline([tool("frames-gen")] + common,
                 [tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps", "--window", "10s"],
                 write + ["bitrate"])
        pipeline([tool("frames-gen"), "--viewers", "200"] + common,
                 [tool("win-count"), "--by", "stream", "--distinct", "viewer", "--where",
                  "event=beat", "--window", "10s"],
                 write + ["viewers"])
        pipeline([tool("frames-gen"), "--viewers", "200"] + common,
                 [tool("win-count"), "--by", "stream", "--where", "event=leave", "--window", "10s"],
                 write + ["dropoffs"])

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_every_panel_query_returns_rows(self):
        with open(os.path.join(SOURCE, "examples", "grafana", "dashboards", "rivulet-video.json")) as f:
            dashboard = json.load(f)
        checked = 0
        for panel in dashboard["panels"]:
            for target in panel["targets"]:
                query = (target["query"].replace("$timeFilter", "time > now() - 1h")
                         .replace("$__interval", "10s"))
                rows = self.server.rows(query, db="video")
                self.assertTrue(rows, f'panel "{panel["title"]}" query returned nothing: {query}')
                values = [v for row in rows for k, v in row.items()
                          if k not in ("time", "stream") and v is not None]
                self.assertTrue(values, f'panel "{panel["title"]}" has only empty values')
                checked += 1
        self.assertEqual(checked, 4)

    def test_active_viewers_are_plausible(self):
        rows = self.server.rows('SELECT last("viewer_distinct") FROM "viewers" GROUP BY "stream"', db="video")
        total = sum(r["last"] for r in rows)
        # About 200 viewers watch once the ramp-up is over; some leave, others replace them.
        self.assertGreater(total, 120)
        self.assertLess(total, 260)


if __name__ == "__main__":
    unittest.main()
