"""live-view --serve in a real browser: Debian's Chromium, headless, driven through the
DevTools protocol on a pipe (no driver, no npm). Two pages load the view while a pipeline
feeds it; every stream appears in both, the values update, input values are shown as text
(never as markup), and the end of input reaches the page. A browser that does not read at
all must not slow the pipeline down."""

import base64
import fcntl
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import unittest

from fixtures import BIN
from test_live_view_terminal import window_results

CHROMIUM = "/usr/bin/chromium"
T0 = 1700000000000
STREAMS = ["cam-1", "cam-2", "cam-3", "<b>cam-4</b>"]


class DevTools:
    """Chromium with --remote-debugging-pipe: commands as JSON on its fd 3, answers and
    events on its fd 4, each message ending in a NUL byte."""

    def __init__(self, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # The child's ends move to descriptors above 10 first, so putting them on 3 and 4
        # cannot overwrite one with the other.
        child_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"]
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", f'exec "$0" "$@" 3<&{child_r} 4>&{child_w} {child_r}<&- {child_w}>&-',
             CHROMIUM, *flags],
            pass_fds=(child_r, child_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(child_r)
        os.close(child_w)
        self.buffer = b""
        self.next_id = 0

    def call(self, method, session=None, timeout=30, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" not in self.buffer:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise AssertionError("chromium closed the DevTools pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return answer["result"]
        raise AssertionError(f"no answer to {method}")

    def open_page(self, url):
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", session, width=1100, height=900,
                  deviceScaleFactor=1, mobile=False)
        self.call("Page.navigate", session, url=url)
        return session

    def evaluate(self, session, expression):
        result = self.call("Runtime.evaluate", session, expression=expression,
                           returnByValue=True)["result"]
        return result.get("value")

    def screenshot(self, session, path):
        data = self.call("Page.captureScreenshot", session, format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)


# What a page shows: per chart, its lines and legend; the counters; the status line.
PAGE_STATE = """(() => {
  const charts = {};
  for (const g of document.querySelectorAll('#view g.chart')) {
    charts[g.dataset.field] = {
      lines: [...g.querySelectorAll('polyline.series')].map(p => p.dataset.key),
      latest: Object.fromEntries([...g.querySelectorAll('g.legend-entry')].map(
        e => [e.dataset.key, e.querySelector('.latest').textContent])),
    };
  }
  const counters = {};
  for (const g of document.querySelectorAll('#view g.counter-row')) {
    counters[g.dataset.key] = g.querySelector('.value').textContent;
  }
  return {charts, counters, status: document.getElementById('status').textContent,
          frames: Number(document.getElementById('view').dataset.frames || 0),
          ended: document.body.dataset.ended === 'true',
          markup: document.querySelectorAll('#view b, #view script').length,
          labels: [...document.querySelectorAll('#view g.legend-entry text')].map(t => t.textContent)};
})()"""


class LiveViewBrowserTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="live-view-browser.")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.screenshots = os.environ.get("RIVULET_SCREENSHOTS", self.dir)

    def start_view(self, *extra):
        proc = subprocess.Popen(
            [os.path.join(BIN, "live-view"), "--by", "stream", "--field", "bitrate_kbps_avg",
             "--counter", "viewer_distinct", "--span", "1m", "--serve", "127.0.0.1:0",
             "--quiet", *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        first = proc.stderr.readline()
        match = re.match(r"live-view: serving (http://127\.0\.0\.1:\d+/)$", first.strip())
        self.assertIsNotNone(match, first)
        return proc, match.group(1)

    def wait_for(self, browser, session, check, what, timeout=30):
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = browser.evaluate(session, PAGE_STATE)
            if state and check(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the page shows {state}")

    def test_two_browsers_see_every_stream_and_the_values_update(self):
        view, url = self.start_view()
        browser = DevTools(os.path.join(self.dir, "profile"))
        self.addCleanup(browser.close)
        pages = [browser.open_page(url), browser.open_page(url)]

        view.stdin.write(window_results(T0, [2811.2, 1250.0, 9120.4, 4000.0], [12, 7, 30, 1], STREAMS))
        view.stdin.flush()
        for page in pages:
            state = self.wait_for(browser, page,
                                  lambda s: len(s["charts"].get("bitrate_kbps_avg", {}).get("lines", [])) == 4,
                                  "four lines")
            chart = state["charts"]["bitrate_kbps_avg"]
            self.assertEqual(sorted(chart["lines"]), sorted(STREAMS))
            self.assertEqual(chart["latest"], {"cam-1": "2811", "cam-2": "1250", "cam-3": "9120",
                                               "<b>cam-4</b>": "4000"})
            self.assertEqual(state["counters"], {"cam-1": "12", "cam-2": "7", "cam-3": "30",
                                                 "<b>cam-4</b>": "1"})
            # The key that looks like markup is shown as text, never parsed as HTML.
            self.assertEqual(state["markup"], 0)
            self.assertIn("<b>cam-4</b>", state["labels"])
            self.assertIn("8 lines, 4 keys, reading", state["status"])
        browser.screenshot(pages[0], os.path.join(self.screenshots, "browser-first-window.png"))

        view.stdin.write(window_results(T0 + 10000, [2900.0, 1100.0, 9000.0, 4200.0], [15, 7, 20, 2], STREAMS))
        view.stdin.flush()
        for page in pages:
            state = self.wait_for(browser, page,
                                  lambda s: s["counters"].get("cam-1") == "15", "the second window")
            self.assertEqual(state["charts"]["bitrate_kbps_avg"]["latest"],
                             {"cam-1": "2900", "cam-2": "1100", "cam-3": "9000",
                              "<b>cam-4</b>": "4200"})
            self.assertEqual(state["counters"]["cam-3"], "20")
            self.assertGreaterEqual(state["frames"], 2)
        browser.screenshot(pages[1], os.path.join(self.screenshots, "browser-second-window.png"))

        view.stdin.close()
        for page in pages:
            state = self.wait_for(browser, page, lambda s: s["ended"], "the end of input")
            self.assertIn("16 lines, 4 keys, input ended", state["status"])
            self.assertEqual(len(state["charts"]["bitrate_kbps_avg"]["lines"]), 4)
        self.assertEqual(view.wait(timeout=30), 0)

    def test_a_browser_that_never_reads_does_not_hold_up_the_pipeline(self):
        svg = os.path.join(self.dir, "end.svg")
        view, url = self.start_view("--refresh", "10ms", "--svg", svg)
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        stuck = socket.create_connection(("127.0.0.1", port))
        stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stuck.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.addCleanup(stuck.close)
        # About 25 MB of frames are rendered for it meanwhile (every 10 ms, ~20 kB each);
        # the writer must still get through all of its input quickly.
        started = time.monotonic()
        windows = 400

        def feed():
            for i in range(windows):
                view.stdin.write(window_results(T0 + i * 1000, [1000 + i] * 4, [i % 50] * 4, STREAMS))
                if i % 20 == 0:
                    view.stdin.flush()
                    time.sleep(0.05)
            view.stdin.close()

        writer = threading.Thread(target=feed)
        writer.start()
        writer.join(timeout=60)
        self.assertFalse(writer.is_alive(), "writing to live-view blocked")
        self.assertEqual(view.wait(timeout=30), 0)
        self.assertLess(time.monotonic() - started, 45)
        with open(svg) as f:
            picture = f.read()
        # All of the input was read: the snapshot shows the last window.
        self.assertIn(">1399</text>", picture)
        received = b""
        stuck.setblocking(False)
        try:
            while True:
                chunk = stuck.recv(1 << 16)
                if not chunk:
                    break
                received += chunk
        except BlockingIOError:
            pass
        self.assertIn(b"text/event-stream", received)


if __name__ == "__main__":
    unittest.main()
