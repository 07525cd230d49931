#!/usr/bin/env python3
"""End-to-end freshness of the live pipeline: how long after a window's end (event time)
its point can be read back from InfluxDB.

    frames-gen --streams 4 (real time) | kpub -k stream  ->  kbroker  ->
    ksub -G | win-avg --window 10s | influx-write  ->  influxd   <- polled every 20 ms

Everything runs with default options; with --checkpoint, every stage gets --checkpoint DIR
(effectively-once delivery). Usage: tests/bench/freshness.py [SECONDS] [--checkpoint]
(default 60 s). Needs the tools built (RIVULET_BIN, default build/tools). Prints the delay
distribution.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from fixtures import InfluxServer, tool  # noqa: E402


def start_kbroker():
    proc = subprocess.Popen([tool("kbroker"), "--listen", "127.0.0.1:0", "--topic", "frames:4"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = proc.stdout.readline().strip()
    if not address:
        raise RuntimeError("kbroker printed no address")
    return proc, address


def main():
    args = [a for a in sys.argv[1:] if a != "--checkpoint"]
    seconds = int(args[0]) if args else 60
    checkpoint = []
    if "--checkpoint" in sys.argv[1:]:
        checkpoint = ["--checkpoint", tempfile.mkdtemp(prefix="rivulet-fresh-")]
    kbroker, brokers = start_kbroker()
    server = InfluxServer().start()
    procs = []
    try:
        # Three processes joined by pipes, so the end can stop just ksub and let the rest drain.
        ksub = subprocess.Popen([tool("ksub"), "-b", brokers, "-t", "frames", "-G", "fresh",
                                 "-o", "beginning", *checkpoint], stdout=subprocess.PIPE)
        win = subprocess.Popen([tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps",
                                "--window", "10s", *checkpoint], stdin=ksub.stdout, stdout=subprocess.PIPE)
        ksub.stdout.close()
        writer = subprocess.Popen([tool("influx-write"), "--url", server.url, "--db", "fresh",
                                   "--measurement", "bitrate", "--tag", "stream", "--create-db",
                                   *checkpoint],
                                  stdin=win.stdout)
        win.stdout.close()
        time.sleep(4)  # the consumer group's first rebalance (the mock delays it ~3 s)
        producer = subprocess.Popen(
            f"'{tool('frames-gen')}' --streams 4 --duration {seconds}s | "
            f"'{tool('kpub')}' -b {brokers} -t frames -k stream", shell=True,
            start_new_session=True)
        procs.append(producer)

        seen = {}
        deadline = time.time() + seconds + 15
        while time.time() < deadline:
            try:
                rows = server.rows('SELECT "bitrate_kbps_avg" FROM "bitrate" GROUP BY "stream"',
                                   db="fresh")
            except Exception:
                rows = []
            now_ms = time.time() * 1000
            for row in rows:
                seen.setdefault((row["time"], row["stream"]), now_ms)
            if producer.poll() is not None and time.time() > deadline - 12:
                break
            time.sleep(0.02)

        # The window a producer stop cuts short closes only when the consumer is stopped; keep
        # the ones that closed by event time.
        delays = sorted(seen_ms - (start + 10000) for (start, _), seen_ms in seen.items()
                        if seen_ms - (start + 10000) < 5000)
        if not delays:
            print("no windows arrived")
            return 1
        q = statistics.quantiles(delays, n=10) if len(delays) > 1 else delays
        mode = "with --checkpoint" if checkpoint else "without --checkpoint"
        print(f"windows: {len(delays)} (4 streams x 10 s, {seconds} s run, {mode})")
        print(f"delay from window end to readable in InfluxDB, ms: min {delays[0]:.0f}, "
              f"median {statistics.median(delays):.0f}, p90 {q[-1]:.0f}, max {delays[-1]:.0f}")
        return 0
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, 15)
            except ProcessLookupError:
                pass
            p.wait(timeout=10)
        ksub.terminate()
        for p in (ksub, win, writer):
            p.wait(timeout=30)
        server.close()
        if checkpoint:
            shutil.rmtree(checkpoint[1], ignore_errors=True)
        kbroker.terminate()
        kbroker.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
