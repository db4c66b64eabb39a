// CancelWatch (register.hpp): Ctrl-C reaches an engine run on the calling
// thread through Python's signal wake-up fd. Python's C-level signal handler
// (and _thread.interrupt_main) writes the signal's number to that fd; while a
// watch is active it is the write end of a pipe whose read end a watcher thread
// (one per process, started on first use) blocks on. The watcher sets the flag
// the engine polls and passes each byte on to the fd that was set before.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <thread>

#include "register.hpp"

namespace calcsim::python {
namespace {

struct Watcher {
  int read_fd = -1;
  int write_fd = -1;
  pid_t pid = -1;                      // the process the pipe and thread belong to (a fork gets its own)
  std::atomic<bool> flag{false};       // what the engine polls while a watch is active
  std::atomic<bool> active{false};
  std::atomic<int> forward_fd{-1};     // the wake-up fd set before the watch
};

Watcher& watcher() {
  static Watcher w;
  return w;
}

void watch_loop(int fd) {
  Watcher& w = watcher();
  char bytes[64];
  for (;;) {
    const ssize_t n = read(fd, bytes, sizeof bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    if (w.active.load()) w.flag.store(true);
    const int forward = w.forward_fd.load();
    if (forward >= 0 && write(forward, bytes, static_cast<std::size_t>(n)) < 0) {
      // That fd is full or closed: its owner misses a wake-up, as it would without the watch.
    }
  }
}

// The pipe and its watcher, made on first use in this process (after a fork the
// parent's thread is gone and its pipe is the parent's). Called with the GIL held.
bool start_watcher() {
  Watcher& w = watcher();
  const pid_t pid = getpid();
  if (w.pid == pid) return true;
  if (w.read_fd >= 0) {  // inherited from the parent
    close(w.read_fd);
    close(w.write_fd);
    w.read_fd = w.write_fd = -1;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  // Python requires a non-blocking wake-up fd (its signal handler must not block).
  if (fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK) != 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  try {
    std::thread(watch_loop, fds[0]).detach();
  } catch (const std::exception&) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  w.read_fd = fds[0];
  w.write_fd = fds[1];
  w.pid = pid;
  return true;
}

// signal.set_wakeup_fd (the C function behind it is not exported), kept for the
// life of the process.
py::handle set_wakeup_fd() {
  static const py::handle f = py::object(py::module_::import("signal").attr("set_wakeup_fd")).release();
  return f;
}

unsigned long main_thread_ident() {
  static const unsigned long ident =
      py::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
  return ident;
}

}  // namespace

CancelWatch::CancelWatch() : flag_(&never_) {
  Watcher& w = watcher();
  if (PyThread_get_thread_ident() != main_thread_ident() || w.active.load() || !start_watcher()) return;
  w.flag.store(false);
  previous_fd_ = set_wakeup_fd()(w.write_fd).cast<int>();
  w.forward_fd.store(previous_fd_);
  w.active.store(true);
  flag_ = &w.flag;
  active_ = true;
}

CancelWatch::~CancelWatch() {
  if (!active_) return;
  try {
    set_wakeup_fd()(previous_fd_);
  } catch (py::error_already_set& e) {  // the fd was closed meanwhile: Python reports it unraisably
    e.discard_as_unraisable("restoring signal.set_wakeup_fd");
  }
  watcher().active.store(false);
}

}  // namespace calcsim::python
