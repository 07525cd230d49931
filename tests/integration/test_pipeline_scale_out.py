"""Scale-out on Kafka (kbroker, or Apache Kafka with RIVULET_KAFKA=real): two `ksub -G same | win-avg` pipelines over a 4-partition topic produce
together exactly the window results of one pipeline over the same data, with no window split
across the two, and the same results as win-avg over the file without Kafka."""

import subprocess
import tempfile
import threading
import time
import unittest

from fixtures import tool
from kafka_fixtures import PROBE, new_broker, settle_group

WIN_AVG = [tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps", "--window", "10s"]


class Member:
    """`ksub -G group | win-avg`, with a thread between the two that counts the messages, so
    the test knows when every message has been read and can stop ksub itself."""

    def __init__(self, brokers, group):
        self.count = 0
        self.probes = 0
        self.ksub = subprocess.Popen([tool("ksub"), "-b", brokers, "-t", "frames", "-G", group,
                                      "-o", "beginning"], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.win_err = tempfile.TemporaryFile()
        self.win = subprocess.Popen(WIN_AVG, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=self.win_err)
        self.relay = threading.Thread(target=self._relay, daemon=True)
        self.relay.start()

    def _relay(self):
        for line in self.ksub.stdout:
            if line.rstrip(b"\n") == PROBE:
                self.probes += 1
                continue
            self.count += 1
            self.win.stdin.write(line)
        self.win.stdin.close()

    def stop(self):
        """Stops ksub (it commits and leaves); win-avg then closes its windows. Returns them."""
        self.ksub.terminate()
        self.ksub.wait(timeout=30)
        self.relay.join(timeout=30)
        out = self.win.stdout.read()
        self.win.stdout.close()
        self.win.wait(timeout=60)
        self.win_err.seek(0)
        err = self.win_err.read()
        self.win_err.close()
        ksub_err = self.ksub.stderr.read().decode()
        self.ksub.stdout.close()
        self.ksub.stderr.close()
        assert self.ksub.returncode == 0, ksub_err
        assert self.win.returncode == 0, err.decode()
        assert b"late event" not in err, err.decode()[-2000:]
        return out.decode().splitlines()


def read_all(brokers, group, publish, total, members=1):
    """Starts the members, lets the group form, publishes, and stops them once `total`
    messages have been read between them. Starting before the data exists means no member
    joins (and no rebalance moves partitions) while messages are being read."""
    group_members = [Member(brokers, group) for _ in range(members)]
    settle_group(brokers, "frames", 4, group_members)
    publish()
    deadline = time.monotonic() + 60
    while sum(m.count for m in group_members) < total and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # anything beyond `total` (a duplicate) would show up in the counts
    return [m.stop() for m in group_members], [m.count for m in group_members]


class ScaleOutTest(unittest.TestCase):
    def test_two_pipelines_in_one_group_equal_one_pipeline(self):
        capture = subprocess.run(
            [tool("frames-gen"), "--streams", "8", "--fast", "--duration", "30s", "--seed", "5",
             "--start", "2023-11-14T22:13:20Z"], stdout=subprocess.PIPE, check=True).stdout
        direct = subprocess.run(WIN_AVG, input=capture, stdout=subprocess.PIPE,
                                check=True).stdout.decode().splitlines()
        self.assertEqual(len(direct), 8 * 3)

        total = len(capture.splitlines())
        broker = new_broker([("frames", 4)]).start()  # kbroker, or Kafka with RIVULET_KAFKA=real
        brokers = broker.address
        try:
            def publish():
                subprocess.run([tool("kpub"), "-b", brokers, "-t", "frames", "-k", "stream"],
                               input=capture, check=True, timeout=60)
            (lines_a, lines_b), counts = read_all(brokers, "scaled", publish, total, members=2)
            self.assertEqual(sum(counts), total, "every message read exactly once")
            (single,), _ = read_all(brokers, "single", lambda: None, total)
        finally:
            broker.stop()

        self.assertTrue(lines_a and lines_b, "one member got no partitions")
        self.assertEqual(sorted(lines_a + lines_b), sorted(single))
        # No window is split: each (window, stream) result appears once, whole.
        self.assertEqual(len(set(lines_a + lines_b)), len(lines_a) + len(lines_b))
        streams_a = {line.split('"stream":')[1].split(",")[0] for line in lines_a}
        streams_b = {line.split('"stream":')[1].split(",")[0] for line in lines_b}
        self.assertFalse(streams_a & streams_b, "a stream was consumed by both members")
        # And Kafka changed nothing: the same results as win-avg over the file. Order within a
        # window follows arrival, so compare as sets of lines.
        self.assertEqual(sorted(single), sorted(direct))


if __name__ == "__main__":
    unittest.main()
