"""live-view's full-screen terminal view, driven in a real terminal (tmux): what the screen
shows, that it follows the data and the terminal's size, that q, Ctrl-C and SIGTERM end it,
and that the terminal is left as it was found every time."""

import json
import os
import re
import shlex
import signal
import subprocess
import tempfile
import time
import unittest
import uuid

from fixtures import BIN

T0 = 1700000000000  # 2023-11-14T22:13:20Z
STREAMS = ["cam-1", "cam-2", "cam-3"]


def window_results(start, bitrates, viewers, streams=STREAMS):
    """Window results as win-avg and win-count write them, one 10 s window per stream."""
    lines = []
    for stream, b, v in zip(streams, bitrates, viewers):
        common = {"ts": start, "window_end": start + 10000, "stream": stream}
        lines.append(json.dumps(dict(common, count=300, bitrate_kbps_avg=b)))
        lines.append(json.dumps(dict(common, count=v, viewer_distinct=v)))
    return "\n".join(lines) + "\n"


class Terminal:
    """One tmux server of our own (its own socket), one window running bash."""

    def __init__(self, width, height):
        self.socket = f"rivulet-live-view-{uuid.uuid4().hex[:8]}"
        self.dir = tempfile.mkdtemp(prefix="live-view-tty.")
        env = dict(os.environ, PS1="$ ", TERM="xterm-256color", LANG="C.UTF-8",
                   PATH=f"{BIN}:{os.environ['PATH']}")
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height),
                  "bash --norc --noprofile", env=env)
        self.tmux("set-option", "-g", "status", "off")
        self.wait_for(lambda screen: screen.strip() != "", "a shell prompt")

    def tmux(self, *args, env=None):
        return subprocess.run(["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
                              check=True, stdout=subprocess.PIPE, text=True, env=env,
                              timeout=30).stdout

    def type(self, text):
        self.tmux("send-keys", "-t", "0", "-l", text)
        self.tmux("send-keys", "-t", "0", "Enter")

    def keys(self, *keys):
        self.tmux("send-keys", "-t", "0", *keys)

    def screen(self):
        return self.tmux("capture-pane", "-t", "0", "-p")

    def colours(self):
        return self.tmux("capture-pane", "-t", "0", "-p", "-e")

    def resize(self, width, height):
        self.tmux("resize-window", "-t", "0", "-x", str(width), "-y", str(height))

    def wait_for(self, check, what, timeout=30):
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", self.dir])


# The big digits of the counter panels, read back from the screen.
GLYPHS = {
    ("█▀█", "█ █", "▀▀▀"): "0", ("▀█ ", " █ ", "▀▀▀"): "1", ("▀▀█", "█▀▀", "▀▀▀"): "2",
    ("▀▀█", " ▀█", "▀▀▀"): "3", ("█ █", "▀▀█", "  ▀"): "4", ("█▀▀", "▀▀█", "▀▀▀"): "5",
    ("█▀▀", "█▀█", "▀▀▀"): "6", ("▀▀█", "  █", "  ▀"): "7", ("█▀█", "█▀█", "▀▀▀"): "8",
    ("█▀█", "▀▀█", "▀▀▀"): "9", ("   ", "▀▀▀", "   "): "-",
}


def big_counters(screen, title):
    """{key: (value read from its big digits, trend)} of the counter panel `title`."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if f"─ {title} " in line)
    head = lines[top + 1]
    rows = [line.ljust(len(head) + 8) for line in lines[top + 2:top + 5]]
    found = {}
    for match in re.finditer(r"● (\S+)(?: ([▲▼=] \S+))?", head):
        x, value = match.start(), ""
        while (glyph := tuple(row[x:x + 3] for row in rows)) in GLYPHS and glyph != ("   ",) * 3:
            value += GLYPHS[glyph]
            x += 4
        found[match.group(1)] = (value, match.group(2))
    return found


def exited(screen):
    """The shell printed live-view's exit status and the terminal settings after it."""
    return re.search(r"^exit=\d+\n.*icanon", screen, re.M) is not None


class LiveViewTerminalTest(unittest.TestCase):
    def setUp(self):
        self.term = Terminal(100, 32)
        self.addCleanup(self.term.close)
        self.fifo = os.path.join(self.term.dir, "results")
        os.mkfifo(self.fifo)
        self.screenshots = os.environ.get("RIVULET_SCREENSHOTS")

    def start_view(self):
        """Runs live-view in the terminal, its input from our FIFO, then prints its exit
        status and the terminal's echo/icanon settings, so the test can see what it left."""
        self.term.type("clear; echo before-the-view")
        self.term.wait_for(lambda s: "before-the-view\n" in s, "the marker")
        command = ("live-view --by stream --field bitrate_kbps_avg --counter viewer_distinct "
                   f"--span 1m --refresh 100ms < {shlex.quote(self.fifo)}; "
                   "echo \"exit=$?\"; stty -a | grep -o -- '-\\?icanon\\|-\\?echo\\b' | tr '\\n' ' '; echo")
        self.term.type(command)
        self.feed = open(self.fifo, "w")  # blocks until the shell opens the FIFO for the view
        self.addCleanup(self.feed.close)

    def send(self, text):
        self.feed.write(text)
        self.feed.flush()

    def save(self, name):
        if self.screenshots:
            with open(os.path.join(self.screenshots, name), "w") as f:
                f.write(self.term.colours())

    def assert_restored(self, screen, status="0"):
        self.assertIn("before-the-view", screen, "the alternate screen was not left")
        self.assertIn(f"exit={status}", screen)
        self.assertIn("icanon echo", screen, "echo or line editing were left off")
        self.assertNotIn("live-view  by stream", screen)

    def test_screen_follows_data_and_size_and_q_restores_the_terminal(self):
        self.start_view()
        self.send(window_results(T0, [2811.2, 1250.0, 9120.4], [12, 7, 30]))
        screen = self.term.wait_for(
            lambda s: "● cam-3 9120" in s and "viewer_distinct" in s, "the first window")
        lines = screen.splitlines()
        self.assertTrue(lines[0].startswith(" live-view  by stream  last 1m  at 2023-11-14T22:13:30Z"),
                        lines[0])
        self.assertTrue(lines[0].rstrip().endswith("q quits"))
        self.assertIn("─ viewer_distinct ", screen)
        self.assertIn("─ bitrate_kbps_avg ", screen)
        self.assertEqual(big_counters(screen, "viewer_distinct"),
                         {"cam-1": ("12", None), "cam-2": ("7", None), "cam-3": ("30", None)})
        self.assertIn("● cam-1 2811  ● cam-2 1250  ● cam-3 9120", screen)
        self.assertIn("6 lines  3 keys", screen)
        # Each key's line in its own colour: 36 cyan, 33 yellow, 35 magenta.
        coloured = self.term.colours()
        for sgr in ("36m", "33m", "35m"):
            self.assertIn(sgr, coloured)

        # A second window: the numbers, the trends and the lines move on.
        self.send(window_results(T0 + 10000, [2900.0, 1100.0, 9000.0], [15, 7, 20]))
        screen = self.term.wait_for(lambda s: "● cam-1 2900" in s, "the second window")
        self.assertIn("at 2023-11-14T22:13:40Z", screen)
        self.assertEqual(big_counters(screen, "viewer_distinct"),
                         {"cam-1": ("15", "▲ +3"), "cam-2": ("7", "= 0"), "cam-3": ("20", "▼ -10")})
        self.assertRegex(screen, "[\u2801-\u28ff]")  # braille line segments
        self.assertIn("22:13:40", screen)  # the time axis ends at the last window's end
        self.save("terminal-100x32.ansi")

        # Smaller terminal: the same panels, redrawn to fit.
        self.term.resize(72, 22)
        screen = self.term.wait_for(
            lambda s: len(s.splitlines()) == 22 and s.splitlines()[0].rstrip().endswith("q quits")
            and len(s.splitlines()[0]) <= 72 and "● cam-1 2900" in s, "the view at 72x22")
        self.assertIn("─ bitrate_kbps_avg ", screen)
        self.assertTrue(all(len(line) <= 72 for line in screen.splitlines()))
        self.save("terminal-72x22.ansi")
        # Too small to draw: it says so, and draws again when there is room.
        self.term.resize(40, 8)
        self.term.wait_for(lambda s: "terminal too small (40x8)" in s, "the too-small notice")
        self.term.resize(100, 32)
        self.term.wait_for(lambda s: len(s.splitlines()[0].rstrip()) > 90 and "● cam-3 9000" in s,
                           "the view at 100x32 again")

        # A bad line: its message waits until the view ends, then shows on the normal screen.
        self.send('{"ts":"never","stream":"cam-1","bitrate_kbps_avg":1}\n')
        self.term.wait_for(lambda s: "1 bad" in s, "the bad line counted")

        # End of input: the last picture stays until q.
        self.feed.close()
        self.term.wait_for(lambda s: "end of input" in s, "end of input in the status line")
        self.term.keys("q")
        screen = self.term.wait_for(exited, "the shell again")
        self.assert_restored(screen, status="1")
        self.assertIn('live-view: stdin:13: field "ts"', screen)

    def start_view_with_data(self):
        self.start_view()
        self.send(window_results(T0, [1000, 2000, 3000], [1, 2, 3]))
        self.term.wait_for(lambda s: "● cam-3 3000" in s, "the view")

    def test_q_before_the_end_of_input(self):
        self.start_view_with_data()
        self.term.keys("q")
        self.assert_restored(self.term.wait_for(exited, "the shell again"))

    def scribble(self, tty, row, text):
        """Writes to the terminal as another stage of the pipeline would (its stderr), until
        the text is seen: a periodic repaint may paint over it before the first look."""
        for _ in range(5):
            with open(tty, "w") as f:
                f.write(f"\x1b[{row};10H{text}\n")
            try:
                return self.term.wait_for(lambda s: text in s, "the stray message", timeout=1)
            except AssertionError:
                continue
        self.fail(f"{text!r} never showed on the terminal")

    def test_what_others_write_to_the_terminal_is_painted_over(self):
        self.start_view_with_data()
        tty = self.term.tmux("display-message", "-p", "-t", "0", "#{pane_tty}").strip()
        self.scribble(tty, 5, "stray message from another program")
        self.term.keys("C-l")
        screen = self.term.wait_for(lambda s: "stray message" not in s, "the view painted again")
        self.assertIn("● cam-3 3000", screen)
        # Without a key: the periodic repaint (every 5 s).
        self.scribble(tty, 6, "another stray message")
        self.term.wait_for(lambda s: "another stray" not in s, "the periodic repaint", timeout=15)
        self.term.keys("q")
        self.assert_restored(self.term.wait_for(exited, "the shell again"))

    def test_ctrl_c_restores_the_terminal(self):
        self.start_view_with_data()
        self.term.keys("C-c")
        self.assert_restored(self.term.wait_for(exited, "the shell again"))

    def test_sigterm_restores_the_terminal(self):
        self.start_view_with_data()
        pane_pid = self.term.tmux("display-message", "-p", "-t", "0", "#{pane_pid}").strip()
        children = subprocess.run(["pgrep", "-P", pane_pid, "-x", "live-view"],
                                  stdout=subprocess.PIPE, text=True).stdout.split()
        self.assertEqual(len(children), 1, f"live-view under the pane's shell: {children}")
        os.kill(int(children[0]), signal.SIGTERM)
        self.assert_restored(self.term.wait_for(exited, "the shell again"))

    def test_ctrl_z_restores_the_terminal_and_fg_brings_the_view_back(self):
        self.term.type("clear; echo before-the-view")
        self.term.wait_for(lambda s: "before-the-view\n" in s, "the marker")
        # Alone on its line: bash would run what follows a stopped command at once.
        self.term.type("live-view --by stream --field bitrate_kbps_avg --refresh 100ms "
                       f"< {shlex.quote(self.fifo)}")
        self.feed = open(self.fifo, "w")
        self.addCleanup(self.feed.close)
        self.send(window_results(T0, [1000, 2000, 3000], [1, 2, 3]))
        self.term.wait_for(lambda s: "● cam-3 3000" in s, "the view")
        self.term.keys("C-z")
        screen = self.term.wait_for(lambda s: "Stopped" in s, "the job stopped")
        self.assertIn("before-the-view", screen)
        self.term.type("stty -a | grep -o -- '-\\?icanon\\|-\\?echo\\b' | tr '\\n' ' '; echo; fg")
        self.term.wait_for(lambda s: "● cam-3 3000" in s, "the view back after fg")
        self.send(window_results(T0 + 10000, [1100, 2000, 3000], [1, 2, 3]))
        self.term.wait_for(lambda s: "● cam-1 1100" in s, "the view updating after fg")
        self.term.keys("q")
        self.term.wait_for(lambda s: "before-the-view" in s and "● cam" not in s, "the shell again")
        self.term.type("stty -a | grep -o -- '-\\?icanon\\|-\\?echo\\b' | tr '\\n' ' '; echo")
        screen = self.term.wait_for(lambda s: s.count("icanon echo") == 2, "the settings after q")
        self.assertNotIn("-icanon", screen)
        self.assertNotIn("-echo", screen)

    def test_the_terminal_as_input_is_refused(self):
        self.term.type('live-view --field bitrate_kbps_avg; echo "exit=$?"')
        screen = self.term.wait_for(lambda s: re.search(r"^exit=\d", s, re.M), "the refusal")
        self.assertIn("live-view: standard input is the terminal: pipe the data in, or name files",
                      screen)
        self.assertIn("exit=2", screen)


if __name__ == "__main__":
    unittest.main()
