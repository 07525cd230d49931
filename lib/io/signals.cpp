#include "io/signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace rivulet {
namespace {

std::atomic<int> g_stop_signal{0};
std::atomic<bool> g_stop{false};
std::atomic<long long> g_stop_at_ns{0};
int g_pipe[2] = {-1, -1};

void ensure_pipe() {
  if (g_pipe[0] >= 0) return;
  if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
}

void on_stop_signal(int sig) {
  int saved = errno;
  g_stop_signal.store(sig);
  if (!g_stop.load()) {
    timespec ts;  // clock_gettime is async-signal-safe
    clock_gettime(CLOCK_MONOTONIC, &ts);
    g_stop_at_ns.store(static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec);
  }
  g_stop.store(true);
  if (g_pipe[1] >= 0) {
    char byte = 1;
    [[maybe_unused]] ssize_t n = write(g_pipe[1], &byte, 1);
  }
  errno = saved;
}

}  // namespace

void install_stop_signals() {
  ensure_pipe();
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, nullptr);
}

bool stop_requested() { return g_stop.load(std::memory_order_relaxed); }

long long stop_requested_at_ns() { return g_stop_at_ns.load(); }

int stop_signal() { return g_stop_signal.load(); }

int stop_fd() {
  ensure_pipe();
  return g_pipe[0];
}

void request_stop() { on_stop_signal(0); }

WaitClock& system_wait_clock() {
  static SystemWaitClock clock;
  return clock;
}

bool sleep_until_monotonic(long long deadline_ns) {
  while (!stop_requested()) {
    long long now = monotonic_now_ns();
    if (now >= deadline_ns) return true;
    long long wait = deadline_ns - now;
    if (wait > 1000000000LL) wait = 1000000000LL;
    timespec ts{static_cast<time_t>(wait / 1000000000LL), static_cast<long>(wait % 1000000000LL)};
    pollfd pfd{stop_fd(), POLLIN, 0};
    ppoll(&pfd, pfd.fd >= 0 ? 1 : 0, &ts, nullptr);
  }
  return false;
}

}  // namespace rivulet
