"""The window oracle through Kafka: the frames capture of test_window_oracle.py goes through
kpub, the broker and ksub into win-avg, and the windows must still equal InfluxDB's own
GROUP BY time() over the same events. Runs on kbroker and on Apache Kafka."""

import unittest

import test_window_oracle as oracle
from fixtures import run, tool
from kafka_fixtures import BrokerTestCase, unique


class KafkaWindowOracle(BrokerTestCase):
    # The oracle's influxd, database and capture, and its comparison, as they are.
    influx_frames = oracle.WindowOracleTest.influx_frames
    assert_averages_match = oracle.WindowOracleTest.assert_averages_match

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        oracle.WindowOracleTest.setUpClass.__func__(cls)

    @classmethod
    def tearDownClass(cls):
        oracle.WindowOracleTest.tearDownClass.__func__(cls)

    def test_tumbling_averages_through_kafka_equal_influxdb(self):
        topic = unique("oracle")
        self.broker.create_topics([(topic, 4)])
        run([tool("kpub"), "-b", self.broker.address, "-t", topic, "-k", "stream"],
            input=self.frames_raw, timeout=60)
        consumed = run([tool("ksub"), "-b", self.broker.address, "-t", topic, "-e"],
                       timeout=60).stdout
        # ksub merges the partitions in event-time order: no lateness needed.
        out = run([tool("win-avg"), "--by", "stream", "--window", "10s", "--field",
                   "bitrate_kbps"], input=consumed).stdout
        ours = {(r["ts"], r["stream"]): r for r in oracle.results(out)}
        self.assertEqual(sum(r["count"] for r in ours.values()), len(self.frames))
        self.assert_averages_match(ours, self.influx_frames("time(10s)"))


if __name__ == "__main__":
    unittest.main()
