"""Every command printed in README.md and in the EXAMPLES section of every man page in man/
runs, so the documentation cannot drift from what the tools do. Man pages are picked up by
glob: a new tool's examples are covered as soon as its page is in man/.

Where the commands come from:
- man/*.1: each .nf ... .fi block of EXAMPLES is one bash script. In a block written as a
  terminal session, lines starting with "$ " (and the lines continuing them, after a
  trailing backslash or pipe) are the commands; the other lines are output and not run.
- README.md: each indented code block (4 spaces) is one bash script, like a man page block;
  a block marked live is split into its commands (each runs on its own, side by side, as
  the processes of a live pipeline do).

How a block is marked (a comment on the line just before it; no marker: run it, it must
exit 0 within 60 s):
- man page:  .\\" example: live          README:  <!-- example: live -->
  A live source that runs until stopped. It runs for a few seconds and must still be
  running then (or have ended with status 0), and must have printed something (stdout or stderr) unless its last stage is
  kpub or influx-write (or it ends with "&"); then its process group is stopped.
- man page:  .\\" example: skip REASON   README:  <!-- example: skip REASON -->
  Not run; REASON says why (a real cluster, an InfluxDB 2.x server, not a command...).

What every command finds (so examples can be written as a user would type them):
- KAFKA_BROKERS: a kbroker whose topics "frames" and "viewers" hold the captures in
  examples/captures/; INFLUX_URL: a fresh influxd whose database "video" holds the
  measurements "frames" (the frames capture) and "bitrate" (its 10 s averages per stream);
- in the working directory (a new temporary one for each block): frames.ndjson and
  capture.ndjson (the frames capture), viewers.ndjson (the viewers capture), sensors.ndjson
  (temperatures with times in seconds), results.ndjson (win-avg results), unsent.lp (line
  protocol), clip.mp4 (two seconds of ffmpeg's test pattern, H.264), an empty docs/, and
  examples/ (the source tree's, read-only by convention: examples/captures/
  files may be named by that path); the rivulet tools first on PATH.
"""

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

from fixtures import BIN, SOURCE, InfluxServer, run, tool
from kafka_fixtures import KafkaBroker

CAPTURES = os.path.join(SOURCE, "examples", "captures")
FRAMES = os.path.join(CAPTURES, "frames-4cams-20s.ndjson")
VIEWERS = os.path.join(CAPTURES, "viewers-40-60s.ndjson")
LIVE_SECONDS = 4
TIMEOUT = 60


class Example:
    def __init__(self, source, script, mode="run", reason=""):
        self.source = source  # "man/win-avg.1:120"
        self.script = script
        self.mode = mode      # run, live, skip
        self.reason = reason

    def __repr__(self):
        return f"{self.source}: {self.script}"


def marker(text):
    """('live'|'skip'|'run', reason) from the text after 'example:'."""
    text = text.strip()
    word, _, reason = text.partition(" ")
    if word not in ("live", "skip"):
        raise ValueError(f"unknown example marker {text!r} (live or skip REASON)")
    if word == "skip" and not reason.strip():
        raise ValueError("an example marked skip must say why")
    return word, reason.strip()


def unroff(line):
    out = line.replace("\\-", "-").replace("\\e", "\\").replace("\\(aq", "'")
    out = out.replace("\\(dq", '"').replace("\\&", "").replace("\\(ti", "~")
    return out


def session_commands(lines):
    """The commands of a block written as a terminal session ("$ " prompts)."""
    commands, current = [], None
    for line in lines:
        if line.startswith("$ "):
            current = [line[2:]]
            commands.append(current)
        elif current is not None and current[-1].rstrip().endswith(("\\", "|")):
            current.append(line)
        else:
            current = None
    return ["\n".join(c) for c in commands]


def man_examples(path):
    rel = os.path.relpath(path, SOURCE)
    with open(path) as f:
        lines = f.read().splitlines()
    examples, in_section, block, start, pending = [], False, None, 0, None
    for number, line in enumerate(lines, 1):
        if line.startswith(".SH"):
            in_section = line.split(None, 1)[1:] == ["EXAMPLES"]
            continue
        if not in_section:
            continue
        m = re.match(r'^\.\\"\s*example:\s*(.*)$', line)
        if m:
            pending = marker(m.group(1))
        elif line.startswith(".nf"):
            block, start = [], number
        elif line.startswith(".fi") and block is not None:
            body = [unroff(l) for l in block if not re.match(r"^\.(RS|RE|IP|PP)\b", l)]
            scripts = session_commands(body) if any(l.startswith("$ ") for l in body) \
                else ["\n".join(body)]
            mode, reason = pending or ("run", "")
            for s in scripts:
                examples.append(Example(f"{rel}:{start}", s, mode, reason))
            block, pending = None, None
        elif block is not None:
            block.append(line)
    return examples


def complete(script):
    """Whether bash would run `script` as it stands (no open quote, brace or pipe)."""
    return subprocess.run(["bash", "-n", "-c", script], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0 \
        and not script.rstrip().endswith(("\\", "|", "&&"))


def split_commands(lines):
    """The commands of a live block: lines joined until bash finds the command complete."""
    commands, current = [], []
    for line in lines:
        current.append(line)
        if complete("\n".join(current)):
            commands.append("\n".join(current))
            current = []
    if current:
        commands.append("\n".join(current))
    return commands


def readme_examples(path):
    with open(path) as f:
        lines = f.read().splitlines()
    examples, pending, block, start = [], None, None, 0

    def flush():
        mode, reason = pending or ("run", "")
        scripts = split_commands(block) if mode == "live" else ["\n".join(block)]
        for script in scripts:
            examples.append(Example(f"README.md:{start}", script, mode, reason))

    for number, line in enumerate(lines, 1):
        m = re.match(r"^<!--\s*example:\s*(.*?)\s*-->$", line)
        if m:
            pending = marker(m.group(1))
            continue
        if line.startswith("    ") and (block is not None or not lines[number - 2].strip()):
            if block is None:
                block, start = [], number
            block.append(line[4:])
            continue
        if block is not None and line.strip():
            flush()
            block, pending = None, None
    if block is not None:
        flush()
    return examples


def all_examples():
    found = readme_examples(os.path.join(SOURCE, "README.md"))
    for path in sorted(glob.glob(os.path.join(SOURCE, "man", "*.1"))):
        found += man_examples(path)
    return found


def writes_elsewhere(script):
    """Whether a script's output goes somewhere other than stdout: its last stage is kpub or
    influx-write, or it runs in the background."""
    last = script.strip().splitlines()[-1].strip()
    return last.endswith("&") or last.split("|")[-1].split()[0:1] in (["kpub"], ["influx-write"])


class DocsCommandsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.influx = InfluxServer().start()
        cls.broker = KafkaBroker().start()
        cls.fixtures = tempfile.mkdtemp(prefix="rivulet-docs-")
        cls.env = dict(os.environ, KAFKA_BROKERS=cls.broker.address, INFLUX_URL=cls.influx.url,
                       PATH=BIN + os.pathsep + os.environ.get("PATH", ""),
                       HOME=cls.fixtures, LC_ALL="C")
        f = cls.fixtures
        shutil.copy(FRAMES, os.path.join(f, "frames.ndjson"))
        shutil.copy(FRAMES, os.path.join(f, "capture.ndjson"))
        shutil.copy(VIEWERS, os.path.join(f, "viewers.ndjson"))
        with open(os.path.join(f, "sensors.ndjson"), "w") as out:
            for i in range(180):
                out.write('{"ts":%d,"room":"r%d","temp":%.1f}\n' % (1700000000 + i, i % 3,
                                                                    20 + (i % 7) / 2))
        results = run([tool("win-avg"), "--by", "stream", os.path.join(f, "frames.ndjson")])
        with open(os.path.join(f, "results.ndjson"), "wb") as out:
            out.write(results.stdout)
        run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
             "-t", "2", "-c:v", "libx264", "-preset", "veryfast", os.path.join(f, "clip.mp4")])
        with open(os.path.join(f, "unsent.lp"), "w") as out:
            out.write("frames,stream=cam-1 fps=30 1700000000000000000\n")
        with open(FRAMES, "rb") as capture:
            data = capture.read()
        with open(VIEWERS, "rb") as capture:
            viewers = capture.read()
        kafka = ["-b", cls.broker.address]
        run([tool("kpub")] + kafka + ["-t", "frames", "-k", "stream"], input=data)
        run([tool("kpub")] + kafka + ["-t", "viewers", "-k", "stream"], input=viewers)
        url = ["--url", cls.influx.url, "--db", "video"]
        run([tool("influx-write")] + url + ["--measurement", "frames", "--tag", "stream"],
            input=data)
        run([tool("influx-write")] + url + ["--measurement", "bitrate"], input=results.stdout)

    @classmethod
    def tearDownClass(cls):
        cls.broker.stop()
        cls.influx.close()
        shutil.rmtree(cls.fixtures, ignore_errors=True)

    def start(self, example, workdir):
        out = open(os.path.join(workdir, ".stdout"), "w+b")
        err = open(os.path.join(workdir, ".stderr"), "w+b")
        proc = subprocess.Popen(["bash", "-o", "pipefail", "-c", example.script], cwd=workdir,
                                env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True)
        return proc, out, err

    def finish(self, proc, out, err):
        """Stops what the example left running; returns (stdout, stderr)."""
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        out.close()
        err.close()
        return text

    def check(self, example):
        """None when the example did what its mode promises, else what went wrong."""
        workdir = tempfile.mkdtemp(prefix="ex-", dir=self.fixtures)
        for name in ("frames.ndjson", "capture.ndjson", "viewers.ndjson", "sensors.ndjson",
                     "results.ndjson", "unsent.lp", "clip.mp4"):
            shutil.copy(os.path.join(self.fixtures, name), os.path.join(workdir, name))
        # Pages may name the captures by their path in the source tree.
        os.symlink(os.path.join(SOURCE, "examples"), os.path.join(workdir, "examples"))
        os.mkdir(os.path.join(workdir, "docs"))
        proc, out, err = self.start(example, workdir)
        try:
            if example.mode == "live":
                deadline = time.monotonic() + LIVE_SECONDS
                while time.monotonic() < deadline and proc.poll() is None:
                    time.sleep(0.1)
                background = writes_elsewhere(example.script)
                early = proc.poll()
                stdout, stderr = self.finish(proc, out, err)
                if early not in (None, 0):  # ending by itself with 0 is fine (input ran out)
                    return f"live example ended early with status {early}:\n{stderr[-1500:]}"
                if not background and not (stdout or stderr):
                    return f"live example printed nothing in {LIVE_SECONDS} s"
                return None
            try:
                status = proc.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                status = "timeout"
            stdout, stderr = self.finish(proc, out, err)
            if status != 0:
                return f"exit status {status}:\n{stderr[-1500:]}"
            return None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def test_every_documented_command_runs(self):
        examples = all_examples()
        pages = {e.source.split(":")[0] for e in examples}
        self.assertIn("README.md", pages)
        self.assertGreaterEqual(len([p for p in pages if p.startswith("man/")]),
                                len(glob.glob(os.path.join(SOURCE, "man", "*.1"))) - 1)
        failures = {}
        # Live examples spend their seconds waiting: run them side by side.
        live = [e for e in examples if e.mode == "live"]
        threads = []
        for e in live:
            t = threading.Thread(target=lambda e=e: failures.__setitem__(e, self.check(e)))
            t.start()
            threads.append(t)
        for e in examples:
            if e.mode == "run":
                started = time.monotonic()
                failures[e] = self.check(e)
                took = time.monotonic() - started
                if took > 5:
                    print(f"\n{e.source} took {took:.1f} s", flush=True)
        for t in threads:
            t.join()
        bad = [f"{e}\n  -> {why}" for e, why in failures.items() if why]
        self.assertEqual(bad, [], "documented commands that fail:\n" + "\n".join(bad))
        ran = len([e for e in examples if e.mode != "skip"])
        self.assertGreater(ran, 20)

    def test_readme_headline_on_a_fresh_influxdb(self):
        """The README's first pipeline, as written, against an influxd with no database."""
        with InfluxServer() as fresh, KafkaBroker() as broker:
            env = dict(self.env, KAFKA_BROKERS=broker.address, INFLUX_URL=fresh.url)
            with open(os.path.join(SOURCE, "README.md")) as f:
                readme = f.read()
            produce = "frames-gen --streams 4 | kpub -t frames -k stream"
            consume = ("ksub -t frames -G agg | win-avg --by stream --field bitrate_kbps "
                       "--window 10s | influx-write --db video")
            self.assertIn(produce + "\n    " + consume, readme)
            procs = [subprocess.Popen(["bash", "-o", "pipefail", "-c", cmd], env=env,
                                      start_new_session=True, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE)
                     for cmd in (produce, consume)]
            try:
                # frames-gen starts now: the first 10 s window closes ~10 s later (idle or
                # the next window's events), then influx-write sends within a second.
                deadline = time.monotonic() + 40
                rows = []
                while time.monotonic() < deadline and len({r.get("stream") for r in rows}) < 4:
                    time.sleep(1)
                    try:
                        rows = fresh.rows('SELECT count, bitrate_kbps_avg FROM rivulet '
                                          'GROUP BY stream', db="video")
                    except Exception:
                        rows = []
                for p in procs:
                    self.assertIsNone(p.poll(), p.stderr.read().decode() if p.poll() else "")
            finally:
                for p in procs:
                    os.killpg(p.pid, signal.SIGTERM)
                    p.wait(10)
                    p.stderr.close()
            self.assertEqual(sorted({r["stream"] for r in rows}),
                             ["cam-1", "cam-2", "cam-3", "cam-4"])
            for r in rows:
                # A window of a 30 fps stream holds 300 frames (the first one fewer: the
                # generator starts within it); averages are floats, counts too (new fields).
                self.assertTrue(1 <= r["count"] <= 301, r)
                self.assertGreater(r["bitrate_kbps_avg"], 0)


if __name__ == "__main__":
    unittest.main()
