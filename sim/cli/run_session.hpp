#pragma once
// What a command that runs trials sets up around the runner: the thread
// count (tbb::global_control and an arena: thread control is the command
// line's, not the library's), and SIGINT/SIGTERM turned into a flag the
// runner polls, so that an interrupted run stops within a trial's time and
// can write a checkpoint instead of dying mid-file.

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <csignal>
#include <optional>
#include <string>

namespace cyres::cli {

class ThreadControl {
 public:
  //! `threads` worker threads (0 = all hardware threads). An explicit count is
  //! honoured even beyond the number of cores (TBB otherwise caps its workers
  //! there), so that thread-count tests mean it.
  explicit ThreadControl(int threads);
  template <class F>
  auto run(F&& work) {
    return arena_.execute(std::forward<F>(work));
  }

 private:
  std::optional<tbb::global_control> limit_;
  tbb::task_arena arena_;
};

//! While alive, SIGINT and SIGTERM raise flag() instead of ending the
//! process; the previous handlers come back on destruction.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  const std::atomic<bool>& flag() const;
  bool raised() const { return flag().load(); }
  //! The signal that raised the flag (0 if none): the exit code is 128 + it.
  int signal() const;

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

//! The current time as ISO 8601 UTC, e.g. "2025-03-01T12:00:00Z".
std::string utc_now();

}  // namespace cyres::cli
