"""The influxd fixture itself: it starts a real server that stores and returns points."""

import unittest

from fixtures import InfluxServer


class InfluxFixtureTest(unittest.TestCase):
    def test_write_and_query_back(self):
        with InfluxServer() as server:
            server.create_db("t")
            server.write("t", "m,stream=cam-1 v=1.5 1700000000000\nm,stream=cam-1 v=2.5 1700000001000\n")
            rows = server.rows('SELECT mean(v) FROM m GROUP BY "stream"', db="t")
            self.assertEqual(rows, [{"stream": "cam-1", "time": 0, "mean": 2.0}])


if __name__ == "__main__":
    unittest.main()
