"""frames-probe against ffprobe on clips encoded here with ffmpeg (lavfi test source, x264
with B-frames at 360p, 720p and 1080p): the same packets, sizes, keyframes, resolution and
picture types; real-time pacing; bad inputs; win-avg over its output; the data-usage
example."""

import json
import math
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest
from fractions import Fraction

from fixtures import SOURCE, run, tool

FRAMES_PROBE = tool("frames-probe")


def encode(path, size, seconds=2, bframes=2, extra=()):
    run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size={size}:rate=30",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-bf", str(bframes),
         "-g", "30", "-pix_fmt", "yuv420p", *extra, path])


def ffprobe(path, *what):
    out = run(["ffprobe", "-v", "error", *what, "-of", "json", path]).stdout
    return json.loads(out)


def probe(*args, timeout=60):
    proc = run([FRAMES_PROBE, *args], check=False, timeout=timeout)
    events = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    return proc, events


def packets_in_presentation_order(path):
    info = ffprobe(path, "-show_packets", "-show_streams", "-select_streams", "v:0")
    packets = sorted(info["packets"], key=lambda p: (int(p["pts"]), int(p["dts"])))
    return info["streams"][0], packets


def silent_server(reply=b""):
    """A TCP server on a free loopback port that accepts, sends `reply`, then says nothing.
    Returns (port, stop)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    done = threading.Event()
    held = []

    def serve():
        while not done.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)
            try:
                conn.recv(4096)
                conn.sendall(reply)
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def stop():
        done.set()
        thread.join()
        for c in held:
            c.close()
        server.close()

    return server.getsockname()[1], stop


class FramesProbeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="rivulet-probe-")
        cls.clips = {}
        for name, size, bframes in (("360p", "640x360", 2), ("720p", "1280x720", 2),
                                    ("1080p", "1920x1080", 3)):
            cls.clips[name] = os.path.join(cls.dir, f"{name}.mp4")
            encode(cls.clips[name], size, bframes=bframes)
        # MPEG-TS: libavformat parses the stream itself, times start at 1.4 s.
        cls.clips["720p-ts"] = os.path.join(cls.dir, "720p.ts")
        run(["ffmpeg", "-v", "error", "-y", "-i", cls.clips["720p"], "-c", "copy",
             cls.clips["720p-ts"]])
        # HEVC in MP4: libavformat keeps a parser for it but does not feed it.
        cls.clips["hevc"] = os.path.join(cls.dir, "hevc.mp4")
        run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
             "-t", "1", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
             "log-level=none:bframes=2", cls.clips["hevc"]])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def test_packets_equal_ffprobe(self):
        for name, path in self.clips.items():
            with self.subTest(clip=name):
                stream, packets = packets_in_presentation_order(path)
                proc, events = probe("--start", "0", "--stream", name, path)
                self.assertEqual(proc.returncode, 0, proc.stderr.decode())
                self.assertEqual(proc.stderr, b"")
                self.assertEqual(len(events), len(packets))
                self.assertGreaterEqual(len(packets), 30)
                fps = Fraction(stream["avg_frame_rate"])
                tb = Fraction(stream["time_base"])
                first = int(packets[0]["pts"])
                for seq, (e, p) in enumerate(zip(events, packets)):
                    self.assertEqual(e["frame_bytes"], int(p["size"]))
                    self.assertEqual(e["keyframe"], "K" in p["flags"])
                    self.assertEqual((e["width"], e["height"]),
                                     (stream["width"], stream["height"]))
                    self.assertEqual(e["codec"], stream["codec_name"])
                    self.assertEqual(e["fps"], 30)
                    self.assertEqual(e["stream"], name)
                    self.assertEqual(e["seq"], seq)
                    self.assertEqual(e["ts"], math.floor((int(p["pts"]) - first) * tb * 1000))
                    # frames-gen's definition: frame_bytes * 8 * fps / 1000, in tenths.
                    self.assertAlmostEqual(e["bitrate_kbps"],
                                           round(int(p["size"]) * 8 * fps / 100) / 10)
                self.assertEqual(events[0]["keyframe"], True)

    def test_pict_types_equal_the_decoders(self):
        for name in ("1080p", "720p-ts", "hevc"):
            with self.subTest(clip=name):
                frames = ffprobe(self.clips[name], "-show_frames", "-select_streams", "v:0",
                                 "-show_entries", "frame=pts,pict_type")["frames"]
                frames.sort(key=lambda f: int(f["pts"]))
                _, events = probe("--start", "0", self.clips[name])
                self.assertEqual([e.get("pict_type") for e in events],
                                 [f["pict_type"] for f in frames])
                self.assertIn("B", [f["pict_type"] for f in frames])  # the clips have B-frames

    def test_realtime_keeps_the_clips_pace(self):
        # Lines are read as they come: none may come before its time, and together they take
        # the clip's length (2 s), with room for a loaded machine on the late side only.
        start = time.monotonic()
        proc = subprocess.Popen([FRAMES_PROBE, "--realtime", "--line-buffered", "--start", "0",
                                 self.clips["360p"]], stdout=subprocess.PIPE)
        arrivals = []
        with proc.stdout:
            for line in proc.stdout:
                arrivals.append((time.monotonic(), json.loads(line)["ts"]))
        self.assertEqual(proc.wait(timeout=30), 0)
        self.assertEqual(len(arrivals), 60)
        t0, ts0 = arrivals[0]
        late = []
        for t, ts in arrivals:
            due = (ts - ts0) / 1000
            self.assertGreaterEqual(t - t0, due - 0.02, "an event came early")
            late.append(t - t0 - due)
        late.sort()
        self.assertLess(late[len(late) // 2], 0.25, "events were late on the whole")
        span = (arrivals[-1][1] - ts0) / 1000
        self.assertGreaterEqual(arrivals[-1][0] - t0, span - 0.02)
        self.assertLess(time.monotonic() - start, span + 5)

        # Without --realtime the same clip takes a fraction of that.
        start = time.monotonic()
        probe("--start", "0", self.clips["360p"])
        self.assertLess(time.monotonic() - start, span / 2)

    def test_loop_moves_event_time_forward(self):
        proc, events = probe("--start", "0", "--loop", "3", self.clips["360p"])
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(len(events), 180)
        ts = [e["ts"] for e in events]
        self.assertEqual(ts, sorted(ts))
        self.assertEqual(ts[60], 2000)  # one frame after the first pass's last (1967 ms)
        self.assertEqual(ts[120], 4000)
        self.assertEqual([e["seq"] for e in events], list(range(180)))

    def test_win_avg_gives_the_clips_windows(self):
        # Oracle: ffprobe's packets, grouped in 500 ms windows by presentation time.
        _, packets = packets_in_presentation_order(self.clips["720p"])
        first = Fraction(packets[0]["pts_time"])
        windows = {}
        for p in packets:
            ms = math.floor((Fraction(p["pts_time"]) - first) * 1000)
            kbps = round(int(p["size"]) * 8 * 30 / 100) / 10
            windows.setdefault(ms // 500 * 500, []).append(kbps)
        probe_out = run([FRAMES_PROBE, "--start", "0", self.clips["720p"]]).stdout
        # --start 0 gives times near 0: say they are milliseconds (auto would read seconds).
        results = run([tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps",
                       "--window", "500ms", "--time-unit", "ms"], input=probe_out).stdout.decode().splitlines()
        rows = [json.loads(line) for line in results]
        self.assertEqual([r["ts"] for r in rows], sorted(windows))
        for r in rows:
            values = windows[r["ts"]]
            self.assertEqual(r["count"], len(values))
            self.assertAlmostEqual(r["bitrate_kbps_avg"], sum(values) / len(values), places=6)
            self.assertEqual(r["bitrate_kbps_min"], min(values))
            self.assertEqual(r["bitrate_kbps_max"], max(values))

    def test_unreadable_inputs(self):
        missing, _ = probe(self.path("no-such.mp4"))
        self.assertEqual(missing.returncode, 1)
        self.assertEqual(missing.stderr.decode(),
                         f"frames-probe: {self.path('no-such.mp4')}: cannot open: "
                         "No such file or directory\n")

        audio = self.path("tone.m4a")
        run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=0.5", "-c:a", "aac",
             audio])
        proc, events = probe(audio)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(events, [])
        self.assertEqual(proc.stderr.decode(),
                         f"frames-probe: {audio}: no video stream (1 stream: audio aac)\n")

        device, _ = probe("/dev/video63")
        self.assertEqual(device.returncode, 1)
        self.assertIn("/dev/video63: cannot open: No such file or directory", device.stderr.decode())

    def test_url_that_does_not_answer_times_out(self):
        port, stop = silent_server()
        try:
            for url in (f"http://127.0.0.1:{port}/live/index.m3u8", f"tcp://127.0.0.1:{port}"):
                with self.subTest(url=url):
                    start = time.monotonic()
                    proc, events = probe("--timeout", "1s", url, timeout=30)
                    self.assertEqual(proc.returncode, 1)
                    self.assertEqual(proc.stderr.decode(),
                                     f"frames-probe: {url}: no answer within 1s\n")
                    self.assertLess(time.monotonic() - start, 6)
        finally:
            stop()

    def test_live_input_that_goes_silent_times_out(self):
        # An HTTP server that sends half a stream, then nothing: the frames it sent are
        # written (stamped as they arrived), then frames-probe gives up.
        with open(self.clips["720p-ts"], "rb") as f:
            data = f.read()
        half = data[: len(data) // 2 // 188 * 188]
        port, stop = silent_server(b"HTTP/1.0 200 OK\r\nContent-Type: video/mp2t\r\n\r\n" + half)
        try:
            url = f"http://127.0.0.1:{port}/cam.ts"
            before = time.time() * 1000
            proc, events = probe("--timeout", "1s", url, timeout=30)
            self.assertEqual(proc.returncode, 1)
            self.assertEqual(proc.stderr.decode(), f"frames-probe: {url}: no data for 1s\n")
            self.assertGreater(len(events), 10)
            self.assertTrue(all(before - 1 <= e["ts"] <= time.time() * 1000 for e in events))
            self.assertEqual({e["stream"] for e in events}, {"cam"})
        finally:
            stop()

    def test_live_srt_stream_is_stamped_as_it_arrives(self):
        # ffmpeg sends two seconds of x264 at 30 fps over SRT, paced (-re), to frames-probe
        # listening; events carry their arrival times, a frame apart once probing is done.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"srt://127.0.0.1:{port}?mode=listener"
        before = time.time() * 1000
        probe_proc = subprocess.Popen([FRAMES_PROBE, "--stream", "cam-1", "--timeout", "20s", url],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            time.sleep(0.5)  # listening
            sender = None
            for _ in range(20):
                sender = run(["ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i",
                              "testsrc=size=320x240:rate=30", "-t", "2", "-c:v", "libx264",
                              "-preset", "ultrafast", "-tune", "zerolatency", "-f", "mpegts",
                              f"srt://127.0.0.1:{port}"], check=False)
                if sender.returncode == 0:
                    break
                time.sleep(0.25)  # not listening yet on a loaded machine
            self.assertEqual(sender.returncode, 0, sender.stderr.decode())
            out, err = probe_proc.communicate(timeout=30)
        finally:
            probe_proc.kill()
        self.assertEqual(probe_proc.returncode, 0, err.decode())
        self.assertIn(err.decode(), ("", f"frames-probe: {url}: input ended: Input/output error\n"))
        events = [json.loads(line) for line in out.decode().splitlines()]
        # SRT's live mode drops what is still unsent when the sender closes: a few frames.
        self.assertGreaterEqual(len(events), 45)
        self.assertLessEqual(len(events), 60)
        self.assertEqual({(e["stream"], e["width"], e["height"]) for e in events},
                         {("cam-1", 320, 240)})
        ts = [e["ts"] for e in events]
        self.assertEqual(ts, sorted(ts))
        self.assertTrue(before <= ts[0] and ts[-1] <= time.time() * 1000)
        self.assertGreater(ts[-1] - ts[0], 1000)  # they came over more than a second
        gaps = sorted(b - a for a, b in zip(ts[-30:], ts[-29:]))
        self.assertLess(abs(gaps[len(gaps) // 2] - 33), 15)

    def test_damaged_files_are_reported_and_skipped(self):
        with open(self.clips["720p-ts"], "rb") as f:
            data = bytearray(f.read())
        n = len(data) // 188
        cut = n // 2 * 188
        del data[cut:cut + 188 * 30]  # 30 transport packets lost
        garbled = n // 4 * 188 + 4
        data[garbled:garbled + 3000] = bytes((i * 37) % 256 for i in range(3000))
        bad = self.path("damaged.ts")
        with open(bad, "wb") as f:
            f.write(data)
        proc, events = probe("--start", "0", bad, timeout=30)
        self.assertEqual(proc.returncode, 1)
        messages = proc.stderr.decode().splitlines()
        self.assertTrue(messages)
        for m in messages:
            self.assertRegex(m, rf"^frames-probe: {bad}:\d+: (corrupt packet skipped "
                                r"\(\d+ bytes(, pts [0-9.]+s)?\)|unreadable data skipped)")
        _, good = probe("--start", "0", self.clips["720p-ts"])
        self.assertLess(len(events), len(good))
        self.assertGreater(len(events), len(good) // 2)

        # An MP4 cut short: its index promises more than the file holds.
        faststart = self.path("faststart.mp4")
        run(["ffmpeg", "-v", "error", "-y", "-i", self.clips["360p"], "-c", "copy",
             "-movflags", "+faststart", faststart])
        with open(faststart, "rb") as f:
            whole = f.read()
        cut_mp4 = self.path("cut.mp4")
        with open(cut_mp4, "wb") as f:
            f.write(whole[: len(whole) * 2 // 3])
        proc, events = probe("--start", "0", cut_mp4, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stderr.decode(),
                         rf"^frames-probe: {cut_mp4}:\d+: corrupt packet skipped \(\d+ bytes, "
                         r"pts [0-9.]+s\)\n$")
        self.assertGreater(len(events), 20)
        self.assertLess(len(events), 60)

    def test_data_usage_example(self):
        keep = self.path("encodes")
        env = dict(os.environ, RIVULET_BIN=os.path.dirname(FRAMES_PROBE),
                   RIVULET_ENCODE_SECONDS="1", RIVULET_KEEP_ENCODES=keep)
        proc = run([os.path.join(SOURCE, "examples", "data-usage-video.sh")], env=env,
                   timeout=180)
        lines = proc.stdout.decode().splitlines()
        self.assertEqual(lines[0].split()[:3], ["resolution", "kbps", "MB/10min"])
        rows = {r.split()[0]: [float(x) for x in r.split()[1:]] for r in lines[1:]}
        self.assertEqual(sorted(rows), ["1080p", "360p", "720p"])
        for name, (kbps, mb, model_mb) in rows.items():
            # Oracle: the kept encode's packets by ffprobe, total bits over its duration.
            stream, packets = packets_in_presentation_order(os.path.join(keep, f"{name}.mp4"))
            seconds = len(packets) / Fraction(stream["avg_frame_rate"])
            expect_kbps = sum(int(p["size"]) for p in packets) * 8 / seconds / 1000
            self.assertAlmostEqual(kbps, float(expect_kbps), delta=0.1 + 1e-4 * kbps)
            self.assertAlmostEqual(mb, kbps * 600 / 8 / 1000, delta=0.06)
            self.assertGreater(model_mb, 0)
        self.assertLess(rows["360p"][1], rows["720p"][1])
        self.assertLess(rows["720p"][1], rows["1080p"][1])


if __name__ == "__main__":
    unittest.main()
