"""The live demo on Apache Kafka: RIVULET_KAFKA=real makes examples/live-demo.sh start
scripts/kafka-server instead of kbroker, and everything else stays the same."""

import unittest

import test_examples


class RealKafkaDemo(unittest.TestCase):
    def test_live_demo_on_real_kafka(self):
        out, err = test_examples.ExamplesTest.run_example(
            self, "live-demo.sh", timeout=300,
            extra_env={"RIVULET_DEMO_SECONDS": "12", "RIVULET_KAFKA": "real"})
        self.assertIn("Apache Kafka listening on 127.0.0.1:", err)
        self.assertNotIn("kbroker", err)
        table = [line.split() for line in out.splitlines() if line.startswith("20")]
        self.assertEqual({row[1] for row in table}, {"cam-1", "cam-2", "cam-3", "cam-4"}, out)
        self.assertTrue(all(float(row[2]) > 100 for row in table), out)  # avg kbps
        self.assertTrue(any(int(row[5]) > 0 for row in table), "no active viewers in any window")


if __name__ == "__main__":
    unittest.main()
