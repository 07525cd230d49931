#pragma once
// The terminal while the full-screen view runs: keys read from /dev/tty (standard input is
// the data), the alternate screen, and the promise to put everything back however the view
// ends: return, exception, Ctrl-C, SIGTERM, a crash signal, or Ctrl-Z (restored while
// suspended, set up again on fg).

#include <string>
#include <string_view>

namespace rivulet {

struct Keys;

class TerminalSession {
 public:
  // Opens /dev/tty, turns off echo and line buffering (keeping signals, so Ctrl-C still
  // reaches the whole pipeline) and switches `out_fd` to the alternate screen. Throws
  // rivulet::Error if there is no terminal.
  explicit TerminalSession(int out_fd = 1);
  // Restores the terminal.
  ~TerminalSession();
  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;

  // The descriptor to poll for keys, and one that becomes readable on resize, suspend or
  // resume (call take_events() then).
  int key_fd() const { return tty_fd_; }
  int event_fd() const;

  struct Events {
    bool resized = false;
    bool resumed = false;  // back from Ctrl-Z: the screen must be drawn in full
  };
  // Handles what arrived on event_fd(): a pending Ctrl-Z suspends the process here (with the
  // terminal restored) and sets it up again when continued.
  Events take_events();

  // Reads the keys waiting on key_fd().
  struct Keys read_keys();

  // The terminal's size in cells (80 x 24 if unknown).
  void size(int* width, int* height) const;

  // Writes all of `bytes` to the terminal (blocking).
  void write(std::string_view bytes) const;

 private:
  void enter();
  void leave();

  int out_fd_;
  int tty_fd_ = -1;
};

// What a sequence of keys read from the terminal asks for.
struct Keys {
  bool quit = false;    // q or Q
  bool redraw = false;  // Ctrl-L: paint every row again
};
Keys parse_keys(std::string_view keys);

}  // namespace rivulet
