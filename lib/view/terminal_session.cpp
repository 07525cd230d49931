#include "view/terminal_session.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "error.hpp"
#include "view/ansi_screen.hpp"

namespace rivulet {

namespace {

// What the signal handlers need to put the terminal back (async-signal-safe access only).
int g_tty_fd = -1;
int g_out_fd = 1;
termios g_saved;
std::atomic<bool> g_active{false};
int g_events[2] = {-1, -1};
std::atomic<bool> g_resized{false};
std::atomic<bool> g_suspend{false};
std::atomic<bool> g_resumed{false};

void restore_now() {
  if (!g_active.exchange(false)) return;
  [[maybe_unused]] ssize_t n = ::write(g_out_fd, kLeaveFullScreen, std::strlen(kLeaveFullScreen));
  tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved);
}

void notify() {
  char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(g_events[1], &byte, 1);
}

void on_event_signal(int sig) {
  int saved = errno;
  if (sig == SIGWINCH) g_resized = true;
  if (sig == SIGTSTP) g_suspend = true;
  if (sig == SIGCONT) g_resumed = true;
  notify();
  errno = saved;
}

// A crash must not leave the terminal unusable: restore, then die of the same signal.
void on_fatal_signal(int sig) {
  restore_now();
  signal(sig, SIG_DFL);
  raise(sig);
}

void install(int sig, void (*handler)(int)) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(sig, &sa, nullptr);
}

}  // namespace

Keys parse_keys(std::string_view keys) {
  Keys k;
  k.quit = keys.find_first_of("qQ") != std::string_view::npos;
  k.redraw = keys.find('\x0c') != std::string_view::npos;
  return k;
}

TerminalSession::TerminalSession(int out_fd) : out_fd_(out_fd) {
  tty_fd_ = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (tty_fd_ < 0) {
    throw Error(std::string("cannot open /dev/tty for the keys (--plain does without): ") +
                std::strerror(errno));
  }
  if (tcgetattr(tty_fd_, &g_saved) != 0) {
    close(tty_fd_);
    throw Error(std::string("cannot read the terminal's settings: ") + std::strerror(errno));
  }
  if (g_events[0] < 0 && pipe2(g_events, O_CLOEXEC | O_NONBLOCK) != 0) {
    close(tty_fd_);
    throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  g_tty_fd = tty_fd_;
  g_out_fd = out_fd_;
  install(SIGWINCH, on_event_signal);
  install(SIGTSTP, on_event_signal);
  install(SIGCONT, on_event_signal);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT, SIGHUP}) {
    install(sig, on_fatal_signal);
  }
  enter();
}

TerminalSession::~TerminalSession() {
  leave();
  for (int sig :
       {SIGWINCH, SIGTSTP, SIGCONT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGQUIT, SIGHUP}) {
    signal(sig, SIG_DFL);
  }
  close(tty_fd_);
}

void TerminalSession::enter() {
  termios raw = g_saved;
  raw.c_lflag &= ~(ICANON | ECHO);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  tcsetattr(tty_fd_, TCSAFLUSH, &raw);
  g_active = true;
  write(kEnterFullScreen);
}

void TerminalSession::leave() { restore_now(); }

int TerminalSession::event_fd() const { return g_events[0]; }

TerminalSession::Events TerminalSession::take_events() {
  char buf[64];
  while (read(g_events[0], buf, sizeof buf) > 0) {
  }
  Events events;
  if (g_suspend.exchange(false)) {
    leave();
    // Stop as Ctrl-Z would have without our handler; execution continues here on fg.
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);
    install(SIGTSTP, on_event_signal);
    enter();
    g_resumed = false;
    events.resumed = true;
  }
  if (g_resumed.exchange(false)) {
    // Continued after a stop we did not see coming (SIGSTOP): set the terminal up again.
    enter();
    events.resumed = true;
  }
  events.resized = g_resized.exchange(false);
  return events;
}

Keys TerminalSession::read_keys() {
  char buf[256];
  Keys keys;
  ssize_t n;
  while ((n = read(tty_fd_, buf, sizeof buf)) > 0) {
    Keys more = parse_keys(std::string_view(buf, static_cast<size_t>(n)));
    keys.quit = keys.quit || more.quit;
    keys.redraw = keys.redraw || more.redraw;
  }
  return keys;
}

void TerminalSession::size(int* width, int* height) const {
  winsize ws{};
  if (ioctl(out_fd_, TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) ioctl(tty_fd_, TIOCGWINSZ, &ws);
  *width = ws.ws_col > 0 ? ws.ws_col : 80;
  *height = ws.ws_row > 0 ? ws.ws_row : 24;
}

void TerminalSession::write(std::string_view bytes) const {
  while (!bytes.empty()) {
    ssize_t n = ::write(out_fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) continue;
      throw Error(std::string("cannot write to the terminal: ") + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace rivulet
