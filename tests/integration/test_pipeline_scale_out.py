"""Scale-out on Kafka: two `ksub -G same | win-avg` pipelines over a 4-partition topic produce
together exactly the window results of one pipeline over the same data, with no window split
across the two, and the same results as win-avg over the file without Kafka."""

import os
import subprocess
import tempfile
import unittest

from fixtures import tool

WIN_AVG = [tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps", "--window", "10s",
           # a backlog comes a fetch per partition at a time: allow the whole 30 s span
           "--lateness", "30s"]


def start_kbroker():
    proc = subprocess.Popen([tool("kbroker"), "--listen", "127.0.0.1:0", "--topic", "frames:4"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = proc.stdout.readline().strip()
    if not address:
        proc.kill()
        raise RuntimeError("kbroker printed no address")
    return proc, address


def consume(brokers, group):
    """Starts `ksub -G group -e | win-avg`; returns the two processes."""
    ksub = subprocess.Popen([tool("ksub"), "-b", brokers, "-t", "frames", "-G", group,
                             "-o", "beginning", "-e"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    win = subprocess.Popen(WIN_AVG, stdin=ksub.stdout, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    ksub.stdout.close()
    return ksub, win


def finish(ksub, win):
    out, err = win.communicate(timeout=120)
    ksub.wait(timeout=30)
    assert ksub.returncode == 0, ksub.stderr.read().decode()
    assert win.returncode == 0, err.decode()
    assert b"late event" not in err, err.decode()[-2000:]
    return out.decode().splitlines()


class ScaleOutTest(unittest.TestCase):
    def test_two_pipelines_in_one_group_equal_one_pipeline(self):
        capture = subprocess.run(
            [tool("frames-gen"), "--streams", "8", "--fast", "--duration", "30s", "--seed", "5",
             "--start", "2023-11-14T22:13:20Z"], stdout=subprocess.PIPE, check=True).stdout
        direct = subprocess.run(WIN_AVG, input=capture, stdout=subprocess.PIPE,
                                check=True).stdout.decode().splitlines()
        self.assertEqual(len(direct), 8 * 3)

        kbroker, brokers = start_kbroker()
        try:
            subprocess.run([tool("kpub"), "-b", brokers, "-t", "frames", "-k", "stream"],
                           input=capture, check=True, timeout=60)
            # Both members start together, so they join in the group's first rebalance.
            a = consume(brokers, "scaled")
            b = consume(brokers, "scaled")
            lines_a, lines_b = finish(*a), finish(*b)
            single = finish(*consume(brokers, "single"))
        finally:
            kbroker.terminate()
            kbroker.wait(timeout=10)

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
